import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FaultInjectingBackend } from './fault-injecting-backend';
import { FileBackend } from './file-backend';
import { describeStorageBackendContract, fileSize } from './storage-backend.contract';
import { BackendError, GiB } from './storage-backend.port';

const fileBackend = async () => {
  const root = await mkdtemp(join(tmpdir(), 'file-backend-'));
  const backend = new FileBackend(root);
  return {
    root,
    backend,
    sizeOf: (id: string, host: string) => fileSize(backend.volumePath({ id, host })),
    cleanup: () => rm(root, { recursive: true, force: true }),
  };
};

describeStorageBackendContract('file', fileBackend);
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
});
