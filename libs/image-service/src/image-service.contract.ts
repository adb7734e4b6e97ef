import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ImageServiceError, type ImageService } from './image-service.port';

const newImage = (id: string, properties?: Record<string, string>) => ({
  id, name: 'img', disk_format: 'raw', container_format: 'bare', visibility: 'private' as const, protected: false, properties,
});

/** The behaviour every ImageService adapter must have. */
export function describeImageServiceContract(name: string, create: () => Promise<{ images: ImageService; cleanup: () => Promise<void> }>) {
  describe(`ImageService contract: ${name}`, () => {
    let ctx: Awaited<ReturnType<typeof create>>;
    let scratch: string;
    beforeEach(async () => {
      ctx = await create();
      scratch = await mkdtemp(join(tmpdir(), 'image-contract-'));
    });
    afterEach(async () => {
      await ctx.cleanup();
      await rm(scratch, { recursive: true, force: true });
    });

    const source = async (content: Buffer | string) => {
      const path = join(scratch, `source-${Math.random()}`);
      await writeFile(path, content);
      return path;
    };

    it('creates an image queued, with what it was given', async () => {
      const id = '6f0f2b5e-0000-4000-8000-000000000001';
      expect(await ctx.images.create(newImage(id))).toMatchObject({
        id, name: 'img', status: 'queued', size: null, disk_format: 'raw', container_format: 'bare', visibility: 'private',
        protected: false, min_disk: 0, min_ram: 0, checksum: null,
      });
      expect(await ctx.images.get(id)).toMatchObject({ id, status: 'queued' });
    });

    it('keeps additional properties as strings', async () => {
      const id = '6f0f2b5e-0000-4000-8000-000000000004';
      await ctx.images.create(newImage(id, { os_distro: 'debian', hw_disk_bus: 'scsi' }));
      expect((await ctx.images.get(id))?.properties).toEqual({ os_distro: 'debian', hw_disk_bus: 'scsi' });
    });

    it('knows no image it was not given', async () => {
      expect(await ctx.images.get('6f0f2b5e-0000-4000-8000-0000000000ff')).toBeNull();
    });

    it('makes an uploaded image active, with its size and MD5 checksum, idempotently', async () => {
      const id = '6f0f2b5e-0000-4000-8000-000000000002';
      await ctx.images.create(newImage(id));
      const path = await source('hello image');
      await ctx.images.upload(id, path);
      const again = await ctx.images.upload(id, path);
      expect(again).toMatchObject({ status: 'active', size: 11, checksum: createHash('md5').update('hello image').digest('hex') });
    });

    it('gives back the data it was given, with holes where it is zero', async () => {
      const id = '6f0f2b5e-0000-4000-8000-000000000005';
      await ctx.images.create(newImage(id));
      const content = Buffer.alloc(8 * 1024 * 1024);
      content.write('start', 0);
      content.write('end', content.length - 3);
      await ctx.images.upload(id, await source(content));
      const destination = join(scratch, 'downloaded');
      await ctx.images.download(id, destination);
      expect((await readFile(destination)).equals(content)).toBe(true);
      expect((await stat(destination)).blocks * 512).toBeLessThan(content.length);
    });

    it('refuses to upload to, or download from, an image it does not have, for good', async () => {
      const missing = '6f0f2b5e-0000-4000-8000-0000000000fe';
      for (const call of [ctx.images.upload(missing, await source('x')), ctx.images.download(missing, join(scratch, 'never'))]) {
        const error = await call.catch((e: unknown) => e);
        expect(error).toBeInstanceOf(ImageServiceError);
        expect(error).toMatchObject({ permanent: true });
      }
    });

    it('has no data to give for an image never uploaded', async () => {
      const id = '6f0f2b5e-0000-4000-8000-000000000006';
      await ctx.images.create(newImage(id));
      await expect(ctx.images.download(id, join(scratch, 'never'))).rejects.toThrow(ImageServiceError);
    });

    it('deletes an image, and again without complaint', async () => {
      const id = '6f0f2b5e-0000-4000-8000-000000000003';
      await ctx.images.create(newImage(id));
      await ctx.images.upload(id, await source('bytes'));
      await ctx.images.delete(id);
      await ctx.images.delete(id);
      expect(await ctx.images.get(id)).toBeNull();
    });
  });
}
