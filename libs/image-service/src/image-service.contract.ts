import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ImageService } from './image-service.port';

const newImage = (id: string) => ({
  id, name: 'img', disk_format: 'raw', container_format: 'bare', visibility: 'private' as const, protected: false,
});

/** The behaviour every ImageService adapter must have. */
export function describeImageServiceContract(name: string, create: () => Promise<{ images: ImageService; cleanup: () => Promise<void> }>) {
  describe(`ImageService contract: ${name}`, () => {
    let ctx: Awaited<ReturnType<typeof create>>;
    beforeEach(async () => {
      ctx = await create();
    });
    afterEach(() => ctx.cleanup());

    it('creates an image queued, with what it was given', async () => {
      const id = '6f0f2b5e-0000-4000-8000-000000000001';
      expect(await ctx.images.create(newImage(id))).toMatchObject({ id, name: 'img', status: 'queued', size: null, disk_format: 'raw' });
      expect(await ctx.images.get(id)).toMatchObject({ id, status: 'queued' });
    });

    it('knows no image it was not given', async () => {
      expect(await ctx.images.get('6f0f2b5e-0000-4000-8000-0000000000ff')).toBeNull();
    });

    it('makes an uploaded image active, with its size and checksum, idempotently', async () => {
      const id = '6f0f2b5e-0000-4000-8000-000000000002';
      await ctx.images.create(newImage(id));
      const source = join(tmpdir(), `image-src-${process.pid}`);
      await writeFile(source, 'hello image');
      await ctx.images.upload(id, source);
      const again = await ctx.images.upload(id, source);
      expect(again).toMatchObject({ status: 'active', size: 11 });
      expect(again.checksum).toMatch(/^[0-9a-f]{32}$/);
    });

    it('deletes an image', async () => {
      const id = '6f0f2b5e-0000-4000-8000-000000000003';
      await ctx.images.create(newImage(id));
      await ctx.images.delete(id);
      expect(await ctx.images.get(id)).toBeNull();
    });
  });
}
