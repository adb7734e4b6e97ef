import { createReadStream, existsSync, statSync } from 'node:fs';
import { dirname, extname, join, resolve, sep } from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

export const CONSOLE_PATH = '/console';

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.map': 'application/json',
  '.woff2': 'font/woff2',
};

/** Everything the page loads comes from the engine itself; nothing from the network. */
const SECURITY_HEADERS = {
  'content-security-policy': "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; connect-src 'self'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

/** `npm run build` writes the console's assets (Vite) to dist/console under the project. */
export function consoleAssetsDir(from = __dirname): string {
  let dir = from;
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return join(dir, 'dist', 'console');
}

/**
 * Serves the console's built assets under /console: the page itself for /console, /console/ and
 * any path without a file extension (its views are hash routes, but a bookmarked path works too),
 * files by name under it, never anything outside the folder. Hashed asset names are cached for good;
 * the page is revalidated so a new build is picked up at once. The page holds no data: what it
 * shows comes from the API under the caller's own identity.
 */
export function installConsoleAssets(fastify: FastifyInstance, dir = consoleAssetsDir()) {
  const root = resolve(dir);
  const handler = async (request: FastifyRequest, reply: FastifyReply) => {
    const path = (request.params as { '*'?: string })['*'] ?? '';
    const index = join(root, 'index.html');
    if (!existsSync(index)) {
      return reply
        .code(503)
        .type('text/plain; charset=utf-8')
        .send(`The console has not been built: ${root} holds no index.html. Run \`npm run build\` (it builds the console with the engine) and start the engine again.\n`);
    }
    // The router has decoded the path; whatever it names is resolved, then kept inside the folder.
    const file = resolve(root, path);
    const inside = file === root || file.startsWith(root + sep);
    if (inside && path !== '' && isFile(file)) return sendFile(reply, file, path.startsWith('assets/'));
    if (!inside || extname(path) !== '') return reply.code(404).type('text/plain; charset=utf-8').send(`No such file in the console: ${path}\n`);
    return sendFile(reply, index, false);
  };
  fastify.get(CONSOLE_PATH, handler);
  fastify.get(`${CONSOLE_PATH}/*`, handler);
}

function isFile(path: string) {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function sendFile(reply: FastifyReply, file: string, immutable: boolean) {
  return reply
    .headers(SECURITY_HEADERS)
    .header('cache-control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache')
    .type(TYPES[extname(file)] ?? 'application/octet-stream')
    .send(createReadStream(file));
}
