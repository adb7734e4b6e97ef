import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { readSparse } from '@app/storage-backend';
import { imageNotFound, ImageServiceError, type ImageRecord, type ImageService, type NewImage } from './image-service.port';
import { writeSparse } from './sparse-writer';

/**
 * The embedded image store: each image is `<id>.json` (its record) and `<id>.img` (its data) in a
 * folder. Records and data are replaced by rename, so a reader never sees half of one.
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
      min_ram: 0,
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
    if (!json) return null;
    // Records written before min_ram was kept have none.
    const record = JSON.parse(json) as ImageRecord;
    return { ...record, min_ram: record.min_ram ?? 0 };
  }

  async upload(id: string, sourcePath: string): Promise<ImageRecord> {
    const record = await this.get(id);
    if (!record) throw imageNotFound(id);
    if (record.status === 'active') return record;
    if (record.status !== 'queued' && record.status !== 'saving') {
      throw new ImageServiceError(`Image ${id} is ${record.status}; data can only be uploaded to a queued image.`, true);
    }
    const data = this.dataPath(id);
    const temporary = `${data}.part-${randomBytes(4).toString('hex')}`;
    const md5 = createHash('md5');
    let size: number;
    try {
      size = await writeSparse(hashing(readSparse(sourcePath), md5), temporary);
      await rename(temporary, data);
    } catch (error) {
      await rm(temporary, { force: true });
      throw error;
    }
    const updated: ImageRecord = { ...record, status: 'active', size, checksum: md5.digest('hex'), updated_at: new Date().toISOString() };
    await this.save(updated);
    return updated;
  }

  async download(id: string, destinationPath: string): Promise<void> {
    const record = await this.get(id);
    if (!record) throw imageNotFound(id);
    if (record.status !== 'active') throw new ImageServiceError(`Image ${id} is ${record.status}, it has no data to read.`, true);
    await writeSparse(readSparse(this.dataPath(id)), destinationPath);
  }

  async delete(id: string) {
    await rm(this.recordPath(id), { force: true });
    await rm(this.dataPath(id), { force: true });
  }

  private dataPath(id: string) {
    return join(this.root, `${id}.img`);
  }

  private recordPath(id: string) {
    return join(this.root, `${id}.json`);
  }

  private async save(record: ImageRecord) {
    await mkdir(this.root, { recursive: true });
    const path = this.recordPath(record.id);
    const temporary = `${path}.part-${randomBytes(4).toString('hex')}`;
    await writeFile(temporary, JSON.stringify(record));
    await rename(temporary, path);
  }
}

async function* hashing(chunks: AsyncIterable<Buffer>, hash: ReturnType<typeof createHash>): AsyncGenerator<Buffer> {
  for await (const chunk of chunks) {
    hash.update(chunk);
    yield chunk;
  }
}
