import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { copyFile, mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ImageRecord, ImageService, NewImage } from './image-service.port';

/**
 * The embedded image store: each image is `<id>.json` (its record) and `<id>.img` (its data) in a
 * folder. Records are replaced by rename, so a reader never sees half of one.
 */
export class LocalImageService implements ImageService {
  constructor(private readonly root: string) {}

  async create(image: NewImage): Promise<ImageRecord> {
    const now = new Date().toISOString();
    const record: ImageRecord = {
      ...image,
      status: 'queued',
      size: null,
      min_disk: 0,
      checksum: null,
      created_at: now,
      updated_at: now,
      properties: image.properties ?? {},
    };
    await this.save(record);
    return record;
  }

  async get(id: string): Promise<ImageRecord | null> {
    if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
    const json = await readFile(this.recordPath(id), 'utf8').catch(() => null);
    return json ? (JSON.parse(json) as ImageRecord) : null;
  }

  async upload(id: string, sourcePath: string): Promise<ImageRecord> {
    const record = await this.get(id);
    if (!record) throw new Error(`Image ${id} could not be found.`);
    const data = await this.dataPath(id);
    await copyFile(sourcePath, `${data}.part`);
    await rename(`${data}.part`, data);
    const { size } = await stat(data);
    const updated: ImageRecord = {
      ...record,
      status: 'active',
      size,
      checksum: await md5(data),
      updated_at: new Date().toISOString(),
    };
    await this.save(updated);
    return updated;
  }

  async dataPath(id: string) {
    return join(this.root, `${id}.img`);
  }

  async delete(id: string) {
    await rm(this.recordPath(id), { force: true });
    await rm(await this.dataPath(id), { force: true });
  }

  private recordPath(id: string) {
    return join(this.root, `${id}.json`);
  }

  private async save(record: ImageRecord) {
    await mkdir(this.root, { recursive: true });
    const path = this.recordPath(record.id);
    await writeFile(`${path}.part`, JSON.stringify(record));
    await rename(`${path}.part`, path);
  }
}

async function md5(path: string): Promise<string> {
  const hash = createHash('md5');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
