import { createHash, randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeSparse } from '@app/image-service';

const DISK_FORMATS = [null, 'ami', 'ari', 'aki', 'vhd', 'vhdx', 'vmdk', 'raw', 'qcow2', 'vdi', 'iso', 'ploop'];
const CONTAINER_FORMATS = [null, 'ami', 'ari', 'aki', 'bare', 'ovf', 'ova', 'docker', 'compressed'];
const VISIBILITIES = ['public', 'private', 'shared', 'community'];
/** Set by Glance itself; a create that names one is refused (403), as Glance refuses it. */
const READ_ONLY = ['status', 'size', 'virtual_size', 'checksum', 'os_hash_algo', 'os_hash_value', 'created_at', 'updated_at', 'self', 'file', 'schema', 'owner', 'direct_url', 'locations'];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type Image = Record<string, unknown> & { id: string; status: string; protected: boolean };

/**
 * A stand-in for Glance's image API v2 on loopback, for the calls the engine makes: create
 * (`POST /v2/images`, 201), show (`GET /v2/images/{id}`), upload (`PUT /v2/images/{id}/file`,
 * `application/octet-stream`, 204; only a `queued` image takes data, else 409), download
 * (`GET /v2/images/{id}/file`, 200, or 204 without data) and delete (`DELETE`, 204; a protected
 * image 403). Every call needs the token (401 otherwise). Data is kept in a temporary folder,
 * with holes where it is zero; `checksum` is its MD5 and `os_hash_value` its SHA-512, as Glance
 * computes them.
 */
export class FakeGlance {
  readonly requests: Array<{ method: string; url: string }> = [];
  private readonly images = new Map<string, Image>();
  private server: Server | null = null;
  private dataDir = '';
  /** Answer every call with this status (e.g. 503) until cleared. */
  failWith: number | null = null;

  constructor(readonly token = 'glance-token') {}

  async start(): Promise<string> {
    this.dataDir = await mkdtemp(join(tmpdir(), 'fake-glance-'));
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((error: Error) => this.fault(res, 500, 'HTTPInternalServerError', error.message));
    });
    await new Promise<void>((done) => this.server!.listen(0, '127.0.0.1', done));
    const { port } = this.server.address() as { port: number };
    return `http://127.0.0.1:${port}`;
  }

  async stop() {
    await new Promise<void>((done) => (this.server ? this.server.close(() => done()) : done()));
    this.server = null;
    if (this.dataDir) await rm(this.dataDir, { recursive: true, force: true });
  }

  image(id: string): Image | undefined {
    return this.images.get(id);
  }

  dataPath(id: string) {
    return join(this.dataDir, id);
  }

  private async handle(req: IncomingMessage, res: ServerResponse) {
    const url = req.url ?? '';
    this.requests.push({ method: req.method!, url });
    if (req.headers['x-auth-token'] !== this.token) {
      await drain(req);
      return this.fault(res, 401, 'HTTPUnauthorized', 'This server could not verify that you are authorized to access the document you requested.');
    }
    if (this.failWith) {
      await drain(req);
      return this.fault(res, this.failWith, 'HTTPError', 'fake failure');
    }
    const match = /^\/v2\/images(?:\/([^/]+)(\/file)?)?\/?$/.exec(url.split('?')[0]);
    if (!match) return this.fault(res, 404, 'HTTPNotFound', 'The resource could not be found.');
    const [, id, file] = match;
    if (!id && req.method === 'POST') return this.create(req, res);
    const image = id ? this.images.get(id) : undefined;
    if (!image) {
      await drain(req);
      return this.fault(res, 404, 'HTTPNotFound', `No image found with ID ${id}`);
    }
    if (!file && req.method === 'GET') return this.json(res, 200, image);
    if (!file && req.method === 'DELETE') return this.remove(res, image);
    if (file && req.method === 'PUT') return this.upload(req, res, image);
    if (file && req.method === 'GET') return this.download(res, image);
    await drain(req);
    this.fault(res, 405, 'HTTPMethodNotAllowed', 'The method is not allowed for this resource.');
  }

  private async create(req: IncomingMessage, res: ServerResponse) {
    let body: Record<string, unknown>;
    try {
      body = JSON.parse((await drain(req)).toString() || '{}');
    } catch {
      return this.fault(res, 400, 'HTTPBadRequest', 'Malformed JSON in request body.');
    }
    const readOnly = READ_ONLY.find((key) => key in body);
    if (readOnly) return this.fault(res, 403, 'HTTPForbidden', `Attribute '${readOnly}' is read-only.`);
    const id = (body.id as string | undefined) ?? randomUUID();
    if (!UUID.test(id)) return this.fault(res, 400, 'HTTPBadRequest', `Provided object does not match schema 'image': '${id}' is not a 'uuid'`);
    if (this.images.has(id)) return this.fault(res, 409, 'HTTPConflict', `Image with identifier ${id} already exists!`);
    const checks: Array<[string, readonly unknown[]]> = [['disk_format', DISK_FORMATS], ['container_format', CONTAINER_FORMATS], ['visibility', VISIBILITIES]];
    for (const [key, allowed] of checks) {
      if (key in body && !allowed.includes(body[key])) {
        return this.fault(res, 400, 'HTTPBadRequest', `Provided object does not match schema 'image': '${body[key]}' is not one of ${JSON.stringify(allowed)}`);
      }
    }
    const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
    const image: Image = {
      name: null, disk_format: null, container_format: null, visibility: 'shared', protected: false, min_disk: 0, min_ram: 0,
      tags: [], os_hidden: false,
      ...body,
      id, status: 'queued', size: null, virtual_size: null, checksum: null, os_hash_algo: null, os_hash_value: null,
      owner: 'fake-project', created_at: now, updated_at: now,
      self: `/v2/images/${id}`, file: `/v2/images/${id}/file`, schema: '/v2/schemas/image',
    };
    this.images.set(id, image);
    this.json(res, 201, image);
  }

  private async upload(req: IncomingMessage, res: ServerResponse, image: Image) {
    const type = (req.headers['content-type'] ?? '').split(';')[0].trim();
    if (type !== 'application/octet-stream') {
      await drain(req);
      return this.fault(res, 415, 'HTTPUnsupportedMediaType', `Content type '${type}' is not supported for this request.`);
    }
    if (image.status !== 'queued') {
      await drain(req);
      return this.fault(res, 409, 'HTTPConflict', `Image status transition from ${image.status} to saving is not allowed`);
    }
    image.status = 'saving';
    const md5 = createHash('md5');
    const sha512 = createHash('sha512');
    try {
      const size = await writeSparse(hashed(req, [md5, sha512]), this.dataPath(image.id));
      Object.assign(image, {
        status: 'active', size, checksum: md5.digest('hex'), os_hash_algo: 'sha512', os_hash_value: sha512.digest('hex'),
        updated_at: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
      });
    } catch (error) {
      // Glance puts an image whose upload broke off back to queued.
      image.status = 'queued';
      throw error;
    }
    res.writeHead(204);
    res.end();
  }

  private download(res: ServerResponse, image: Image) {
    if (image.status !== 'active') {
      res.writeHead(204);
      return res.end();
    }
    res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': String(image.size), 'Content-MD5': String(image.checksum) });
    createReadStream(this.dataPath(image.id)).pipe(res);
  }

  private async remove(res: ServerResponse, image: Image) {
    if (image.protected) return this.fault(res, 403, 'HTTPForbidden', `Image ${image.id} is protected and cannot be deleted.`);
    this.images.delete(image.id);
    await rm(this.dataPath(image.id), { force: true });
    res.writeHead(204);
    res.end();
  }

  private json(res: ServerResponse, status: number, body: unknown) {
    res.writeHead(status, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(body));
  }

  /** Glance's error pages are plain text in a JSON-ish envelope; the engine only reads the status. */
  private fault(res: ServerResponse, status: number, title: string, message: string) {
    if (res.headersSent) return res.destroy();
    this.json(res, status, { code: status, title, message });
  }
}

async function drain(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function* hashed(req: IncomingMessage, hashes: Array<ReturnType<typeof createHash>>): AsyncGenerator<Buffer> {
  for await (const chunk of req) {
    for (const hash of hashes) hash.update(chunk as Buffer);
    yield chunk as Buffer;
  }
}
