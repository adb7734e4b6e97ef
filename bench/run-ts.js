// Runs a TypeScript script with the project's own toolchain: @swc/core with the options jest uses,
// and `@app/<lib>` mapped to libs/<lib>/src as jest's moduleNameMapper maps it. No build needed.
// Usage: node bench/run-ts.js bench/export-1m.ts [args...]
const Module = require('node:module');
const { readFileSync } = require('node:fs');
const { join, resolve } = require('node:path');
const { transformSync } = require('@swc/core');
const swcOptions = require('../swc-jest.config');

const root = resolve(__dirname, '..');
const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  const alias = /^@app\/([a-z-]+)(\/.*)?$/.exec(request);
  return resolveFilename.call(this, alias ? join(root, 'libs', alias[1], 'src', alias[2] ?? '') : request, ...rest);
};
require.extensions['.ts'] = (module, filename) => {
  const { code } = transformSync(readFileSync(filename, 'utf8'), { ...swcOptions, filename, sourceMaps: 'inline' });
  module._compile(code, filename);
};

const [script, ...args] = process.argv.slice(2);
process.argv = [process.argv[0], resolve(script), ...args];
require(resolve(script));
