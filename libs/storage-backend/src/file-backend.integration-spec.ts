import { mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FaultInjectingBackend } from './fault-injecting-backend';
import { FileBackend } from './file-backend';
import { blocksOf, dataExtents } from './data-extents';
import { copySparse, contentDigest } from './sparse-files';
import { describeStorageBackendContract, fileSize, patternedImage } from './storage-backend.contract';
import { BackendError, GiB } from './storage-backend.port';

const fileBackend = async (options: ConstructorParameters<typeof FileBackend>[1] = {}) => {
  const root = await mkdtemp(join(tmpdir(), 'file-backend-'));
  const backend = new FileBackend(root, options);
  return {
    root,
    backend,
    sizeOf: (id: string, host: string) => fileSize(backend.volumePath({ id, host })),
    cleanup: () => rm(root, { recursive: true, force: true }),
  };
};

describeStorageBackendContract('file', () => fileBackend());
describeStorageBackendContract('fault-injecting (no faults) over file', async () => {
  const inner = await fileBackend();
  return { ...inner, backend: new FaultInjectingBackend(inner.backend, {}, []) };
});

describe('FileBackend', () => {
  it('keeps each pool in its own folder and the files sparse', async () => {
    const { root, backend, cleanup } = await fileBackend();
    try {
      const { provider_location } = await backend.createVolume({ id: 'v1', host: 'node1@file#gold' }, 10);
      expect(provider_location).toBe(join(root, 'node1@file#gold', 'volume-v1'));
      const stats = await stat(provider_location);
      expect(stats.size).toBe(10 * GiB);
      expect(stats.blocks * 512).toBeLessThan(GiB);
    } finally {
      await cleanup();
    }
  });

  it('keeps snapshots sparse beside their volume, and migrations leave no temporary files', async () => {
    const { root, backend, cleanup } = await fileBackend();
    try {
      const volume = { id: 'v1', host: 'n@file#a' };
      await backend.createVolume(volume, 1);
      const { provider_location } = await backend.createSnapshot(volume, 's1');
      expect(provider_location).toBe(join(root, 'n@file#a', 'snapshot-s1'));
      expect((await stat(provider_location)).blocks * 512).toBeLessThan(GiB / 100);
      await backend.deleteSnapshot(volume, 's1');
      await backend.migrateVolume(volume, 'n@file#b');
      expect(await readdir(join(root, 'n@file#a'))).toEqual([]);
      expect(await readdir(join(root, 'n@file#b'))).toEqual(['volume-v1']);
    } finally {
      await cleanup();
    }
  });

  it('says how to install qemu-img when a format needs it and it is missing', async () => {
    const { backend, cleanup } = await fileBackend({ qemuImg: '/nonexistent/qemu-img' });
    try {
      const volume = { id: 'v1', host: 'n@file#a' };
      await backend.createVolume(volume, 1 / 64);
      const error = await backend.exportVolume(volume, join(tmpdir(), `never-${process.pid}.qcow2`), 'qcow2').catch((e) => e);
      expect(error).toBeInstanceOf(BackendError);
      expect(error.message).toBe(
        'Converting raw to qcow2 needs qemu-img, which is not installed on this worker (looked for "/nonexistent/qemu-img"). ' +
          'Install it (Debian/Ubuntu: apt-get install qemu-utils) or use the raw disk format.',
      );
      // Raw needs no conversion.
      await expect(backend.exportVolume(volume, join(tmpdir(), `raw-${process.pid}`), 'raw')).resolves.toBeUndefined();
      await rm(join(tmpdir(), `raw-${process.pid}`), { force: true });
    } finally {
      await cleanup();
    }
  });
});

it('refuses an image that reads another file of the host (a qcow2 backing file)', async () => {
  const { backend, cleanup } = await fileBackend();
  const dir = await mkdtemp(join(tmpdir(), 'backing-'));
  try {
    const volume = { id: 'v1', host: 'n@file#a' };
    await backend.createVolume(volume, 1 / 64);
    const { execFileSync } = await import('node:child_process');
    await writeFile(join(dir, 'secret'), 'host secret');
    execFileSync('qemu-img', ['create', '-q', '-f', 'qcow2', '-F', 'raw', '-b', join(dir, 'secret'), join(dir, 'evil.qcow2'), '1M']);
    await expect(backend.importImage(volume, 1 / 64, join(dir, 'evil.qcow2'), 'qcow2')).rejects.toThrow(
      `The image refers to another file (${join(dir, 'secret')}); such images are refused.`,
    );
  } finally {
    await cleanup();
    await rm(dir, { recursive: true, force: true });
  }
});

describe('FileBackend connections', () => {
  it('needs the connector to name its host', async () => {
    const { backend, cleanup } = await fileBackend();
    try {
      expect(backend.connectorError({ host: 'compute-1', initiator: 'iqn.x' })).toBeNull();
      for (const bad of [{}, 'a string', null, { host: '' }]) {
        expect(backend.connectorError(bad)).toBe("Connector doesn't have required information: host");
      }
    } finally {
      await cleanup();
    }
  });

  it('exports the volume file as a local device', async () => {
    const { root, backend, cleanup } = await fileBackend();
    try {
      expect(backend.connectionInfo({ id: 'v9', host: 'n@file#p' })).toEqual({
        driver_volume_type: 'local',
        data: { device_path: join(root, 'n@file#p', 'volume-v9'), cacheable: false, discard: false },
      });
    } finally {
      await cleanup();
    }
  });
});

describe('sparse copies', () => {
  it('finds where a file holds data, skipping its holes', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'extents-'));
    try {
      const path = join(dir, 'f');
      await writeFile(path, '');
      const { truncate, open } = await import('node:fs/promises');
      await truncate(path, 64 * 1024 * 1024);
      const file = await open(path, 'r+');
      await file.write(Buffer.from('x'), 0, 1, 10 * 1024 * 1024 + 5);
      await file.close();
      const extents = await dataExtents(path, 64 * 1024 * 1024);
      expect(extents.length).toBe(1);
      expect(extents[0][0]).toBeLessThanOrEqual(10 * 1024 * 1024 + 5);
      expect(extents[0][1]).toBeGreaterThan(10 * 1024 * 1024 + 5);
      expect(blocksOf(extents, 1024 * 1024)).toEqual([10 * 1024 * 1024]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('lists the blocks an extent touches once, in order', () => {
    expect(blocksOf([[0, 10], [5, 2048], [4096, 4097]], 1024)).toEqual([0, 1024, 4096]);
    expect(blocksOf([], 1024)).toEqual([]);
  });

  it('copies only the blocks that hold data, with the same content digest', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sparse-'));
    try {
      const source = join(dir, 'source');
      await writeFile(source, patternedImage(64 * 1024 * 1024, 'S'));
      const copied = await copySparse(source, join(dir, 'copy'));
      expect(await contentDigest(join(dir, 'copy'))).toBe(copied);
      expect(await contentDigest(source)).toBe(copied);
      expect((await stat(join(dir, 'copy'))).blocks * 512).toBeLessThanOrEqual(4 * 1024 * 1024);
      const longer = await copySparse(source, join(dir, 'longer'), { length: 128 * 1024 * 1024 });
      expect(longer).not.toBe(copied);
      expect(await contentDigest(join(dir, 'longer'))).toBe(longer);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('FaultInjectingBackend', () => {
  it('fails at a named point with a BackendError, after the inner work for an "after" point', async () => {
    const { backend, sizeOf, cleanup } = await fileBackend();
    try {
      const faulty = new FaultInjectingBackend(backend, {}, ['extend.after']);
      const volume = { id: 'v2', host: 'n@file#p' };
      await faulty.createVolume(volume, 1);
      await expect(faulty.extendVolume(volume, 2)).rejects.toThrow(new BackendError('Injected failure at extend.after'));
      expect(await sizeOf(volume.id, volume.host)).toBe(2 * GiB);
    } finally {
      await cleanup();
    }
  });

  it('fails transiently (a plain Error) the first N times for `point*N`', async () => {
    const { backend, cleanup } = await fileBackend();
    try {
      const faulty = new FaultInjectingBackend(backend, {}, ['create.before*2']);
      const volume = { id: 'v5', host: 'n@file#p' };
      for (let i = 0; i < 2; i++) {
        const error = await faulty.createVolume(volume, 1).catch((e) => e);
        expect(error).not.toBeInstanceOf(BackendError);
        expect(error.message).toBe('Injected transient failure at create.before');
      }
      await expect(faulty.createVolume(volume, 1)).resolves.toMatchObject({ provider_location: expect.any(String) });
    } finally {
      await cleanup();
    }
  });

  it('delays at a named point', async () => {
    const { backend, cleanup } = await fileBackend();
    try {
      const faulty = new FaultInjectingBackend(backend, { 'create.before': 150 }, []);
      const started = Date.now();
      await faulty.createVolume({ id: 'v3', host: 'n@file#p' }, 1);
      expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    } finally {
      await cleanup();
    }
  });

  it('holds a copy half way at `.during`, with a partial temporary file and the target untouched', async () => {
    const { root, backend, cleanup } = await fileBackend();
    try {
      const faulty = new FaultInjectingBackend(backend, {}, ['migrate.during']);
      const volume = { id: 'v4', host: 'n@file#a' };
      await faulty.createVolume(volume, 1 / 16);
      const progress: number[] = [];
      await expect(faulty.migrateVolume(volume, 'n@file#b', { onProgress: (p) => void progress.push(p) })).rejects.toThrow(
        'Injected failure at migrate.during',
      );
      expect(Math.max(...progress)).toBeLessThan(50);
      expect(await readdir(join(root, 'n@file#b'))).toEqual([]);
      expect(await backend.volumeData(volume)).not.toBeNull();
    } finally {
      await cleanup();
    }
  });
});
