import Fastify, { type FastifyInstance } from 'fastify';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { consoleAssetsDir, installConsoleAssets } from './console-assets';

interface Answer {
  statusCode: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/** GET over loopback with the path sent as written (fetch would resolve dot segments first). */
function get(app: FastifyInstance, path: string): Promise<Answer> {
  const { port } = app.server.address() as AddressInfo;
  return new Promise((done, fail) => {
    httpRequest({ host: '127.0.0.1', port, path }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => done({ statusCode: response.statusCode!, headers: response.headers, body }));
    })
      .on('error', fail)
      .end();
  });
}

describe('the console\'s assets, served from a folder on disk', () => {
  let app: FastifyInstance;
  let dir: string;

  beforeAll(async () => {
    const root = await mkdtemp(join(tmpdir(), 'console-assets-'));
    dir = join(root, 'console');
    await mkdir(join(dir, 'assets'), { recursive: true });
    await writeFile(join(dir, 'index.html'), '<!doctype html><title>console</title>');
    await writeFile(join(dir, 'assets', 'index-abc123.js'), 'console.log(1)');
    await writeFile(join(root, 'secret.txt'), 'not for the browser');
    app = Fastify({ routerOptions: { ignoreTrailingSlash: true } });
    installConsoleAssets(app, dir);
    await app.listen({ port: 0, host: '127.0.0.1' });
  });

  afterAll(() => app.close());

  it('answers the page for /console, /console/ and any view path, revalidated', async () => {
    for (const url of ['/console', '/console/', '/console/volumes/123']) {
      const response = await get(app, url);
      expect([url, response.statusCode, response.headers['content-type'], response.body]).toEqual([url, 200, 'text/html; charset=utf-8', '<!doctype html><title>console</title>']);
      expect(response.headers['cache-control']).toBe('no-cache');
      expect(response.headers['content-security-policy']).toContain("default-src 'self'");
    }
  });

  it('answers hashed assets by name, cached for good', async () => {
    const response = await get(app, '/console/assets/index-abc123.js');
    expect([response.statusCode, response.headers['content-type'], response.body]).toEqual([200, 'text/javascript; charset=utf-8', 'console.log(1)']);
    expect(response.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });

  it('answers 404 for a missing file and for anything outside its folder', async () => {
    expect((await get(app, '/console/assets/missing.js')).statusCode).toBe(404);
    for (const url of ['/console/%2e%2e/secret.txt', '/console/..%2fsecret.txt', '/console/assets/%2e%2e/%2e%2e/secret.txt']) {
      const response = await get(app, url);
      expect([url, response.statusCode]).toEqual([url, 404]);
      expect(response.body).not.toContain('not for the browser');
    }
  });

  it('says how to build the console when it has not been built', async () => {
    const bare = Fastify();
    installConsoleAssets(bare, join(dir, 'nowhere'));
    await bare.listen({ port: 0, host: '127.0.0.1' });
    const response = await get(bare, '/console/');
    expect(response.statusCode).toBe(503);
    expect(response.body).toMatch(/The console has not been built: .* Run `npm run build`/);
    await bare.close();
  });

  it('finds the built console under the project\'s dist/ from wherever the code runs', () => {
    expect(consoleAssetsDir(join(__dirname))).toBe(join(__dirname, '../../../..', 'dist', 'console'));
  });
});
