// Three kinds of test, told apart by file suffix (see ../shared/STYLE.md):
//   *.spec.ts              unit: pure, no I/O
//   *.integration-spec.ts  integration: real SQLite files and a real Redis
//   *.e2e-spec.ts          end to end: the built processes over HTTP
const swc = require('./swc-jest.config');
const ESM_PKGS = ['@nestjs', 'file-type', 'uid', 'strtok3', 'token-types', '@tokenizer', 'uint8array-extras'];
const common = {
  rootDir: '.',
  moduleFileExtensions: ['js', 'mjs', 'json', 'ts'],
  testEnvironment: 'node',
  transform: { '^.+\\.(t|j|mj)s$': ['@swc/jest', swc] },
  // Nest 12 is ESM-only; jest 30 on Node 20 cannot require(esm), so swc down-compiles it.
  transformIgnorePatterns: [`/node_modules/(?!(${ESM_PKGS.join('|')})/)`],
  moduleNameMapper: { '^@app/([a-z-]+)(|/.*)$': '<rootDir>/libs/$1/src$2' },
};
module.exports = {
  projects: [
    // The console's pure helpers (console/src) are unit tested too; its DOM code is covered by the browser tests.
    { ...common, displayName: 'unit', testRegex: ['(apps|libs)/.*/src/.*(?<!integration-|e2e-)spec\\.ts$', 'console/src/.*(?<!integration-|e2e-)spec\\.ts$'] },
    // testTimeout is not a project option in jest 30; each project sets it in a setup file.
    { ...common, displayName: 'integration', testRegex: '(apps|libs|test)/.*\\.integration-spec\\.ts$', setupFilesAfterEnv: ['<rootDir>/test/support/timeout-30s.js'] },
    { ...common, displayName: 'e2e', testRegex: 'test/.*\\.e2e-spec\\.ts$', setupFilesAfterEnv: ['<rootDir>/test/support/timeout-120s.js'] },
  ],
};
