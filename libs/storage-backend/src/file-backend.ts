import { mkdir, open, readdir, stat, truncate } from 'node:fs/promises';
import { join } from 'node:path';
import { BackendError, GiB, type BackendVolume, type StorageBackend } from './storage-backend.port';

/**
 * The default backend: each `host@backend#pool` is a folder under the root, each volume a sparse
 * file in it, so a 100 GiB volume costs no disk until written.
 */
export class FileBackend implements StorageBackend {
  constructor(private readonly root: string) {}

  volumePath(volume: BackendVolume): string {
    return join(this.root, volume.host, `volume-${volume.id}`);
  }

  async createVolume(volume: BackendVolume, sizeGiB: number) {
    const path = this.volumePath(volume);
    await mkdir(join(this.root, volume.host), { recursive: true });
    // 'a' keeps a file a previous attempt already made; truncating to the size is idempotent.
    const file = await open(path, 'a');
    try {
      await file.truncate(sizeGiB * GiB);
    } finally {
      await file.close();
    }
    return { provider_location: path };
  }

  async allocatedGiB(pool: string): Promise<number> {
    const folder = join(this.root, pool);
    const names = await readdir(folder).catch(() => [] as string[]);
    const sizes = await Promise.all(
      names.filter((n) => n.startsWith('volume-')).map((n) => stat(join(folder, n)).then((s) => s.size, () => 0)),
    );
    return Math.ceil(sizes.reduce((sum, size) => sum + size, 0) / GiB);
  }

  /** A local file is exported to a host by name: the connector must say which host it is. */
  connectorError(connector: unknown): string | null {
    const host = typeof connector === 'object' && connector !== null ? (connector as { host?: unknown }).host : undefined;
    return typeof host === 'string' && host.length > 0 ? null : "Connector doesn't have required information: host";
  }

  /** os-brick's `local` connection type: the volume is a file the host opens directly. */
  connectionInfo(volume: BackendVolume) {
    return { driver_volume_type: 'local', data: { device_path: this.volumePath(volume), cacheable: false, discard: false } };
  }

  async extendVolume(volume: BackendVolume, newSizeGiB: number) {
    const path = this.volumePath(volume);
    const current = await stat(path).catch(() => {
      throw new BackendError(`Volume file ${path} does not exist; the volume's storage is missing on ${volume.host}.`);
    });
    if (current.size > newSizeGiB * GiB) {
      throw new BackendError(
        `Volume file ${path} is ${current.size} bytes, larger than the requested ${newSizeGiB} GiB; refusing to shrink it.`,
      );
    }
    await truncate(path, newSizeGiB * GiB);
  }
}
