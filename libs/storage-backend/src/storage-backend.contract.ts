import { stat } from 'node:fs/promises';
import { BackendError, GiB, type StorageBackend } from './storage-backend.port';

/** The behaviour every StorageBackend adapter must have. `sizeOf` reads a volume's size from the backend's own storage. */
export function describeStorageBackendContract(
  name: string,
  create: () => Promise<{ backend: StorageBackend; sizeOf: (id: string, host: string) => Promise<number>; cleanup: () => Promise<void> }>,
) {
  describe(`StorageBackend contract: ${name}`, () => {
    let ctx: Awaited<ReturnType<typeof create>>;
    const volume = { id: '11111111-2222-3333-4444-555555555555', host: 'node1@file#pool1' };

    beforeEach(async () => {
      ctx = await create();
    });
    afterEach(() => ctx.cleanup());

    it('creates a volume of the requested size', async () => {
      await ctx.backend.createVolume(volume, 2);
      expect(await ctx.sizeOf(volume.id, volume.host)).toBe(2 * GiB);
    });

    it('creates idempotently when a job is retried', async () => {
      const first = await ctx.backend.createVolume(volume, 1);
      const second = await ctx.backend.createVolume(volume, 1);
      expect(second).toEqual(first);
      expect(await ctx.sizeOf(volume.id, volume.host)).toBe(GiB);
    });

    it('extends a volume, and again idempotently', async () => {
      await ctx.backend.createVolume(volume, 1);
      await ctx.backend.extendVolume(volume, 3);
      await ctx.backend.extendVolume(volume, 3);
      expect(await ctx.sizeOf(volume.id, volume.host)).toBe(3 * GiB);
    });

    it('refuses to extend a volume it does not have, saying so', async () => {
      await expect(ctx.backend.extendVolume(volume, 3)).rejects.toThrow(BackendError);
      await expect(ctx.backend.extendVolume(volume, 3)).rejects.toThrow(/does not exist/);
    });

    it('reports the GiB allocated on a pool', async () => {
      expect(await ctx.backend.allocatedGiB(volume.host)).toBe(0);
      await ctx.backend.createVolume(volume, 3);
      await ctx.backend.createVolume({ ...volume, id: 'other' }, 2);
      await ctx.backend.createVolume({ id: 'elsewhere', host: 'node1@file#pool2' }, 7);
      expect(await ctx.backend.allocatedGiB(volume.host)).toBe(5);
    });

    it('refuses to shrink', async () => {
      await ctx.backend.createVolume(volume, 4);
      await expect(ctx.backend.extendVolume(volume, 2)).rejects.toThrow(/refusing to shrink/);
      expect(await ctx.sizeOf(volume.id, volume.host)).toBe(4 * GiB);
    });
  });
}

export const fileSize = async (path: string) => (await stat(path)).size;
