import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BackendError, GiB, type StorageBackend } from './storage-backend.port';

export interface BackendUnderTest {
  backend: StorageBackend;
  sizeOf: (id: string, host: string) => Promise<number>;
  cleanup: () => Promise<void>;
}


/** 16 MiB: sizes are in GiB, and a fraction keeps the cases that move bytes quick. */
const SMALL = 1 / 64;

/** Bytes written at a few offsets of an otherwise empty (sparse) disk image. */
export function patternedImage(length: number, seed: string): Buffer {
  const image = Buffer.alloc(length);
  for (const offset of [0, Math.floor(length / 3), length - 4096]) image.write(`${seed}@${offset}`.repeat(64), offset);
  return image;
}

/**
 * The behaviour every StorageBackend adapter must have. The bytes of a volume are read and written
 * through the port itself (importImage and exportVolume as raw), so the suite needs to know
 * nothing of how an adapter stores them; `sizeOf` reads a volume's size from its own storage.
 */
export function describeStorageBackendContract(name: string, create: () => Promise<BackendUnderTest>) {
  describe(`StorageBackend contract: ${name}`, () => {
    let ctx: BackendUnderTest;
    let scratch: string;
    const volume = { id: '11111111-2222-3333-4444-555555555555', host: 'node1@file#pool1' };
    const elsewhere = 'node2@file#pool2';

    beforeEach(async () => {
      ctx = await create();
      scratch = await mkdtemp(join(tmpdir(), 'backend-contract-'));
    });
    afterEach(async () => {
      await ctx.cleanup();
      await rm(scratch, { recursive: true, force: true });
    });

    /** Fills the volume with a pattern through importImage; returns the bytes written. */
    const fill = async (target = volume, seed = 'A', sizeGiB = SMALL) => {
      const image = patternedImage(sizeGiB * GiB, seed);
      const source = join(scratch, `fill-${seed}`);
      await writeFile(source, image);
      await ctx.backend.importImage(target, sizeGiB, source, 'raw');
      return image;
    };
    const contentOf = async (target = volume) => {
      const destination = join(scratch, `export-${Math.random()}`);
      await ctx.backend.exportVolume(target, destination, 'raw');
      return readFile(destination);
    };

    describe('create and extend', () => {
      it('creates a volume of the requested size', async () => {
        await ctx.backend.createVolume(volume, 2);
        expect(await ctx.sizeOf(volume.id, volume.host)).toBe(2 * GiB);
        expect(await ctx.backend.volumeData(volume)).toMatchObject({ size_bytes: 2 * GiB });
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

      it('keeps the data of a volume it extends', async () => {
        await ctx.backend.createVolume(volume, SMALL);
        const data = await fill();
        await ctx.backend.extendVolume(volume, 2 * SMALL);
        const grown = await contentOf();
        expect(grown.length).toBe(2 * SMALL * GiB);
        expect(grown.subarray(0, data.length).equals(data)).toBe(true);
      });

      it('refuses to extend a volume it does not have, saying so', async () => {
        await expect(ctx.backend.extendVolume(volume, 3)).rejects.toThrow(BackendError);
        await expect(ctx.backend.extendVolume(volume, 3)).rejects.toThrow(/does not exist/);
      });

      it('refuses to shrink', async () => {
        await ctx.backend.createVolume(volume, 4);
        await expect(ctx.backend.extendVolume(volume, 2)).rejects.toThrow(/refusing to shrink/);
        expect(await ctx.sizeOf(volume.id, volume.host)).toBe(4 * GiB);
      });

      it('reports the GiB allocated on a pool, snapshots aside', async () => {
        expect(await ctx.backend.allocatedGiB(volume.host)).toBe(0);
        await ctx.backend.createVolume(volume, 3);
        await ctx.backend.createVolume({ ...volume, id: 'other' }, 2);
        await ctx.backend.createSnapshot({ ...volume, id: 'other' }, 'snap-1');
        await ctx.backend.createVolume({ id: 'elsewhere', host: elsewhere }, 7);
        expect(await ctx.backend.allocatedGiB(volume.host)).toBe(5);
      });
    });

    describe('delete and unmanage', () => {
      it('deletes the volume and its snapshots, and again without complaint', async () => {
        await ctx.backend.createVolume(volume, 1);
        await ctx.backend.createSnapshot(volume, 'snap-1');
        await ctx.backend.deleteVolume(volume, ['snap-1']);
        await ctx.backend.deleteVolume(volume, ['snap-1']);
        expect(await ctx.backend.volumeData(volume)).toBeNull();
        expect(await ctx.backend.snapshotData(volume, 'snap-1')).toBeNull();
      });

      it('leaves the data in place when unmanaging', async () => {
        await ctx.backend.createVolume(volume, SMALL);
        const data = await fill();
        await ctx.backend.unmanageVolume(volume);
        await ctx.backend.unmanageVolume(volume);
        expect((await contentOf()).equals(data)).toBe(true);
      });

      it('unmanages a volume whose data is already gone without complaint', async () => {
        await expect(ctx.backend.unmanageVolume(volume)).resolves.toBeUndefined();
      });
    });

    describe('snapshots and revert', () => {
      it('keeps a snapshot\'s point in time, and a snapshot taken again is the same one', async () => {
        await ctx.backend.createVolume(volume, SMALL);
        const before = await fill(volume, 'A');
        await ctx.backend.createSnapshot(volume, 'snap-1');
        await fill(volume, 'B');
        await ctx.backend.createSnapshot(volume, 'snap-1');
        await ctx.backend.revertToSnapshot(volume, 'snap-1');
        expect((await contentOf()).equals(before)).toBe(true);
      });

      it('reverts idempotently, reporting progress up to 100', async () => {
        await ctx.backend.createVolume(volume, SMALL);
        const before = await fill(volume, 'A');
        await ctx.backend.createSnapshot(volume, 'snap-1');
        await fill(volume, 'B');
        const progress: number[] = [];
        await ctx.backend.revertToSnapshot(volume, 'snap-1', { onProgress: (p) => void progress.push(p) });
        await ctx.backend.revertToSnapshot(volume, 'snap-1');
        expect((await contentOf()).equals(before)).toBe(true);
        expect(progress[progress.length - 1]).toBe(100);
        expect([...progress].sort((a, b) => a - b)).toEqual(progress);
      });

      it('refuses to revert to a snapshot it does not have', async () => {
        await ctx.backend.createVolume(volume, SMALL);
        await expect(ctx.backend.revertToSnapshot(volume, 'nope')).rejects.toThrow(BackendError);
      });

      it('deletes a snapshot, and again without complaint, leaving the volume', async () => {
        await ctx.backend.createVolume(volume, SMALL);
        await ctx.backend.createSnapshot(volume, 'snap-1');
        await ctx.backend.deleteSnapshot(volume, 'snap-1');
        await ctx.backend.deleteSnapshot(volume, 'snap-1');
        expect(await ctx.backend.snapshotData(volume, 'snap-1')).toBeNull();
        expect(await ctx.backend.volumeData(volume)).not.toBeNull();
      });
    });

    describe('retype and migrate', () => {
      it('retypes in place', async () => {
        await ctx.backend.createVolume(volume, SMALL);
        expect(await ctx.backend.retypeVolume(volume, { id: 't', name: 'gold', extra_specs: {} })).toBe(true);
        await expect(ctx.backend.retypeVolume({ ...volume, id: 'missing' }, { id: 't', name: 'gold', extra_specs: {} }))
          .rejects.toThrow(BackendError);
      });

      it('moves the data to another pool and removes the source', async () => {
        await ctx.backend.createVolume(volume, SMALL);
        const data = await fill();
        const progress: number[] = [];
        const moved = await ctx.backend.migrateVolume(volume, elsewhere, { onProgress: (p) => void progress.push(p) });
        expect(await ctx.backend.volumeData(volume)).toBeNull();
        const destination = { id: volume.id, host: elsewhere };
        expect(await ctx.backend.volumeData(destination)).toMatchObject({ provider_location: moved.provider_location });
        expect((await contentOf(destination)).equals(data)).toBe(true);
        expect(progress[0]).toBe(0);
        expect(Math.max(...progress)).toBeGreaterThanOrEqual(90);
      });

      it('finishes a migration run again after the source was already removed', async () => {
        await ctx.backend.createVolume(volume, SMALL);
        const data = await fill();
        const first = await ctx.backend.migrateVolume(volume, elsewhere);
        expect(await ctx.backend.migrateVolume(volume, elsewhere)).toEqual(first);
        expect((await contentOf({ id: volume.id, host: elsewhere })).equals(data)).toBe(true);
      });

      it('moves nothing to the pool it is on', async () => {
        await ctx.backend.createVolume(volume, SMALL);
        const data = await fill();
        await ctx.backend.migrateVolume(volume, volume.host);
        expect((await contentOf()).equals(data)).toBe(true);
      });

      it('refuses to migrate a volume it has nowhere', async () => {
        await expect(ctx.backend.migrateVolume(volume, elsewhere)).rejects.toThrow(/nothing to migrate/);
      });
    });

    describe('images', () => {
      it('writes an image into a volume, keeping the volume\'s size', async () => {
        await ctx.backend.createVolume(volume, 2 * SMALL);
        const source = join(scratch, 'image.raw');
        const image = patternedImage(SMALL * GiB, 'I');
        await writeFile(source, image);
        await ctx.backend.importImage(volume, 2 * SMALL, source, 'raw');
        await ctx.backend.importImage(volume, 2 * SMALL, source, 'raw');
        const content = await contentOf();
        expect(content.length).toBe(2 * SMALL * GiB);
        expect(content.subarray(0, image.length).equals(image)).toBe(true);
        expect(content.subarray(image.length).equals(Buffer.alloc(image.length))).toBe(true);
      });

      it('refuses an image larger than the volume with Cinder\'s words', async () => {
        await ctx.backend.createVolume(volume, SMALL);
        const source = join(scratch, 'big.raw');
        await writeFile(source, Buffer.alloc(2 * SMALL * GiB));
        await expect(ctx.backend.importImage(volume, SMALL, source, 'raw')).rejects.toThrow(
          new BackendError(`Image virtual size is 1GB and doesn't fit in a volume of size ${SMALL}GB.`),
        );
      });

      it('exports the volume as a raw image', async () => {
        await ctx.backend.createVolume(volume, SMALL);
        const data = await fill();
        const destination = join(scratch, 'out.raw');
        await ctx.backend.exportVolume(volume, destination, 'raw');
        await ctx.backend.exportVolume(volume, destination, 'raw');
        expect((await readFile(destination)).equals(data)).toBe(true);
        expect((await stat(destination)).blocks * 512).toBeLessThan(data.length);
      });

      // qemu-img comes with the test packages (`npm test` installs qemu-utils).
      it('converts to qcow2 and back through qemu-img', async () => {
        await ctx.backend.createVolume(volume, SMALL);
        const data = await fill();
        const qcow2 = join(scratch, 'out.qcow2');
        await ctx.backend.exportVolume(volume, qcow2, 'qcow2');
        expect((await readFile(qcow2)).subarray(0, 4).toString('latin1')).toBe('QFI\xfb');
        const copy = { ...volume, id: 'copy' };
        await ctx.backend.createVolume(copy, SMALL);
        await ctx.backend.importImage(copy, SMALL, qcow2, 'qcow2');
        expect((await contentOf(copy)).equals(data)).toBe(true);
      });

      it('refuses a disk format it cannot write', async () => {
        await ctx.backend.createVolume(volume, SMALL);
        await expect(ctx.backend.exportVolume(volume, join(scratch, 'x.iso'), 'iso')).rejects.toThrow(
          /Disk format iso cannot be converted/,
        );
      });
    });
  });
}

export const fileSize = async (path: string) => (await stat(path)).size;
