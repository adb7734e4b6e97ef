import { stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { readSparse } from '@app/storage-backend';
import { imageNotFound, ImageServiceError, type ImageRecord, type ImageService, type NewImage } from './image-service.port';
import { writeSparse } from './sparse-writer';

export interface GlanceSettings {
  /** Glance's endpoint, e.g. http://glance:9292 (a trailing /v2 is accepted). */
  url: string;
  /** Sent as X-Auth-Token. */
  token: string;
  /** For calls other than data transfers, which may take as long as the data takes. */
  timeoutMs?: number;
}

/** Attributes of Glance's image schema; every other attribute is an additional property. */
const CORE_ATTRIBUTES = new Set([
  'id', 'name', 'status', 'visibility', 'protected', 'os_hidden', 'checksum', 'os_hash_algo', 'os_hash_value', 'owner',
  'size', 'virtual_size', 'min_ram', 'min_disk', 'disk_format', 'container_format', 'created_at', 'updated_at', 'tags',
  'direct_url', 'locations', 'self', 'file', 'schema', 'stores',
]);

/**
 * The image service through Glance's v2 API: `POST /v2/images`, `GET /v2/images/{id}`,
 * `PUT|GET /v2/images/{id}/file`, `DELETE /v2/images/{id}`. Glance unreachable or answering 5xx
 * is transient; a 4xx is permanent (a 404 is "not found").
 */
export class GlanceImageService implements ImageService {
  private readonly base: string;

  constructor(private readonly settings: GlanceSettings) {
    this.base = `${settings.url.replace(/\/+$/, '').replace(/\/v2$/, '')}/v2/images`;
  }

  async create(image: NewImage): Promise<ImageRecord> {
    const { properties = {}, ...core } = image;
    const response = await this.call('POST', '', { body: JSON.stringify({ ...properties, ...core }), type: 'application/json' });
    if (response.status !== 201) throw await this.failure(response, `creating image ${image.id}`);
    return toRecord(await response.json());
  }

  async get(id: string): Promise<ImageRecord | null> {
    const response = await this.call('GET', `/${encodeURIComponent(id)}`);
    if (response.status === 404) return null;
    if (!response.ok) throw await this.failure(response, `reading image ${id}`);
    return toRecord(await response.json());
  }

  async upload(id: string, sourcePath: string): Promise<ImageRecord> {
    const current = await this.get(id);
    if (!current) throw imageNotFound(id);
    if (current.status === 'active') return current;
    const { size } = await stat(sourcePath);
    const response = await this.call('PUT', `/${encodeURIComponent(id)}/file`, {
      body: Readable.toWeb(Readable.from(readSparse(sourcePath))) as ReadableStream,
      type: 'application/octet-stream',
      length: size,
      transfer: true,
    });
    if (response.status === 409) {
      // Another run of the same job got there first, or the image left `queued` meanwhile.
      const now = await this.get(id);
      if (now?.status === 'active') return now;
      throw await this.failure(response, `uploading image ${id} (status ${now?.status ?? 'deleted'})`);
    }
    if (response.status !== 204 && response.status !== 200) throw await this.failure(response, `uploading image ${id}`);
    const uploaded = await this.get(id);
    if (!uploaded) throw imageNotFound(id);
    return uploaded;
  }

  async download(id: string, destinationPath: string): Promise<void> {
    const response = await this.call('GET', `/${encodeURIComponent(id)}/file`, { transfer: true });
    if (response.status === 404) throw imageNotFound(id);
    if (response.status === 204 || !response.body) throw new ImageServiceError(`Image ${id} has no data.`, true);
    if (!response.ok) throw await this.failure(response, `downloading image ${id}`);
    await writeSparse(response.body as AsyncIterable<Uint8Array>, destinationPath);
  }

  async delete(id: string): Promise<void> {
    const response = await this.call('DELETE', `/${encodeURIComponent(id)}`);
    if (response.status === 404 || response.status === 204 || response.ok) return;
    throw await this.failure(response, `deleting image ${id}`);
  }

  private async call(
    method: string,
    path: string,
    options: { body?: string | ReadableStream; type?: string; length?: number; transfer?: boolean } = {},
  ): Promise<Response> {
    const headers: Record<string, string> = { 'X-Auth-Token': this.settings.token, Accept: 'application/json' };
    if (options.type) headers['Content-Type'] = options.type;
    if (options.length !== undefined) headers['Content-Length'] = String(options.length);
    try {
      return await fetch(`${this.base}${path}`, {
        method,
        headers,
        body: options.body,
        // Streaming a request body needs half duplex in Node's fetch.
        ...(options.body instanceof ReadableStream ? { duplex: 'half' } : {}),
        signal: options.transfer ? undefined : AbortSignal.timeout(this.settings.timeoutMs ?? 30000),
      } as RequestInit);
    } catch (error) {
      throw new ImageServiceError(`Glance at ${this.settings.url} could not be reached: ${(error as Error).message}`, false);
    }
  }

  private async failure(response: Response, doing: string) {
    const text = (await response.text().catch(() => '')).replace(/\s+/g, ' ').trim().slice(0, 300);
    if (response.status === 404) return new ImageServiceError(`Glance found no such image while ${doing}: ${text}`, true);
    return new ImageServiceError(`Glance answered ${response.status} ${doing}: ${text}`, response.status < 500);
  }
}

function toRecord(body: Record<string, unknown>): ImageRecord {
  const properties: Record<string, string> = {};
  for (const [key, value] of Object.entries(body)) {
    if (!CORE_ATTRIBUTES.has(key) && value !== null && value !== undefined) properties[key] = String(value);
  }
  return {
    id: String(body.id),
    name: (body.name as string | null) ?? '',
    status: body.status as ImageRecord['status'],
    disk_format: (body.disk_format as string | null) ?? null,
    container_format: (body.container_format as string | null) ?? null,
    size: (body.size as number | null) ?? null,
    min_disk: Number(body.min_disk ?? 0),
    min_ram: Number(body.min_ram ?? 0),
    visibility: body.visibility as ImageRecord['visibility'],
    protected: body.protected === true,
    checksum: (body.checksum as string | null) ?? null,
    created_at: String(body.created_at),
    updated_at: String(body.updated_at),
    properties,
  };
}
