import { mkdir, open, readdir, rm, stat, truncate } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { QemuImg } from './qemu-img';
import { contentDigest, copySparse, removeLeftovers, replaceAtomically, type ProgressListener } from './sparse-files';
import { BackendError, GiB, type BackendVolume, type CopyProgress, type StorageBackend, type StoredData } from './storage-backend.port';

export interface FileBackendOptions {
  /** The qemu-img command, for image formats other than raw. */
  qemuImg?: string;
}

/**
 * The default backend: each `host@backend#pool` is a folder under the root, each volume a sparse
 * file in it (`volume-<id>`), each snapshot a sparse copy beside it (`snapshot-<id>`), so a
 * 100 GiB volume costs no disk until written. Every write goes through a temporary file renamed
 * into place, so a crash mid-copy leaves the previous data intact and a rerun starts clean.
 */
export class FileBackend implements StorageBackend {
  private readonly qemuImg: QemuImg;

  constructor(
    private readonly root: string,
    options: FileBackendOptions = {},
  ) {
    this.qemuImg = new QemuImg(options.qemuImg);
  }

  volumePath(volume: BackendVolume): string {
    return join(this.poolPath(volume.host), `volume-${volume.id}`);
  }

  snapshotPath(volume: BackendVolume, snapshotId: string): string {
    return join(this.poolPath(volume.host), `snapshot-${snapshotId}`);
  }

  async createVolume(volume: BackendVolume, sizeGiB: number) {
    const path = this.volumePath(volume);
    await mkdir(dirname(path), { recursive: true });
    // 'a' keeps a file a previous attempt already made; truncating to the size is idempotent.
    const file = await open(path, 'a');
    try {
      await file.truncate(sizeGiB * GiB);
    } finally {
      await file.close();
    }
    return { provider_location: path };
  }

  async extendVolume(volume: BackendVolume, newSizeGiB: number) {
    const path = await this.existingVolume(volume);
    const current = await stat(path);
    if (current.size > newSizeGiB * GiB) {
      throw new BackendError(
        `Volume file ${path} is ${current.size} bytes, larger than the requested ${newSizeGiB} GiB; refusing to shrink it.`,
      );
    }
    await truncate(path, newSizeGiB * GiB);
  }

  async deleteVolume(volume: BackendVolume, snapshotIds: readonly string[]) {
    const path = this.volumePath(volume);
    for (const snapshotId of snapshotIds) await this.deleteSnapshot(volume, snapshotId);
    await rm(path, { force: true });
    await removeLeftovers(path);
  }

  async unmanageVolume(_volume: BackendVolume) {
    // The file stays where it is, for an operator to manage again or remove. Like Cinder's drivers,
    // unmanaging asks nothing of the data: a volume whose data is already gone is unmanaged too.
  }

  async createSnapshot(volume: BackendVolume, snapshotId: string, options: CopyProgress = {}) {
    const target = this.snapshotPath(volume, snapshotId);
    // A snapshot already taken is the point in time; taking it again would move that point.
    if (await exists(target)) return { provider_location: target };
    const source = await this.existingVolume(volume);
    await replaceAtomically(target, (temporary) => copySparse(source, temporary, options));
    return { provider_location: target };
  }

  async deleteSnapshot(volume: BackendVolume, snapshotId: string) {
    const path = this.snapshotPath(volume, snapshotId);
    await rm(path, { force: true });
    await removeLeftovers(path);
  }

  async revertToSnapshot(volume: BackendVolume, snapshotId: string, options: CopyProgress = {}) {
    const snapshot = this.snapshotPath(volume, snapshotId);
    if (!(await exists(snapshot))) {
      throw new BackendError(`Snapshot ${snapshotId} has no data at ${snapshot}; the volume cannot be reverted to it.`);
    }
    const target = await this.existingVolume(volume);
    // The snapshot holds the volume's size when it was taken, which a revert requires to be its size now.
    const length = Math.max((await stat(target)).size, (await stat(snapshot)).size);
    await replaceAtomically(target, (temporary) => copySparse(snapshot, temporary, { ...options, length }));
  }

  async retypeVolume(volume: BackendVolume) {
    // A file carries nothing of its type: on the same backend a retype moves no data.
    await this.existingVolume(volume);
    return true;
  }

  async migrateVolume(volume: BackendVolume, destinationPool: string, options: CopyProgress = {}) {
    const source = this.volumePath(volume);
    const target = this.volumePath({ id: volume.id, host: destinationPool });
    if (source === target) return { provider_location: target };
    if (!(await exists(source))) {
      // A previous run moved the data and removed the source before it could record the move.
      if (await exists(target)) return { provider_location: target };
      throw new BackendError(`Volume ${volume.id} has no data on ${volume.host} nor on ${destinationPool}; nothing to migrate.`);
    }
    await mkdir(dirname(target), { recursive: true });
    await replaceAtomically(target, async (temporary) => {
      // The source's checksum is taken as it is read for the copy; the copy's is read back from disk.
      const sourceDigest = await copySparse(source, temporary, { onProgress: scaled(options.onProgress, 0, 90) });
      const copyDigest = await contentDigest(temporary);
      if (copyDigest !== sourceDigest) {
        throw new BackendError(
          `Migrating volume ${volume.id} to ${destinationPool} failed its checksum (source ${sourceDigest}, ` +
            `copy ${copyDigest}); the volume stays on ${volume.host}.`,
        );
      }
      await options.onProgress?.(95);
    });
    await rm(source, { force: true });
    return { provider_location: target };
  }

  async exportVolume(volume: BackendVolume, destination: string, diskFormat: string, options: CopyProgress = {}) {
    const source = await this.existingVolume(volume);
    await mkdir(dirname(destination), { recursive: true });
    await replaceAtomically(destination, async (temporary) => {
      if (diskFormat === 'raw') await copySparse(source, temporary, options);
      else await this.qemuImg.convert(source, 'raw', temporary, diskFormat, options.onProgress);
    });
  }

  async importImage(volume: BackendVolume, sizeGiB: number, source: string, diskFormat: string, options: CopyProgress = {}) {
    const target = await this.existingVolume(volume);
    const length = sizeGiB * GiB;
    let imageBytes = (await stat(source)).size;
    if (diskFormat !== 'raw') {
      const info = await this.qemuImg.info(source, diskFormat);
      // An image that reads another file would copy that file (any file of this host) into the volume.
      if (info.external_file) throw new BackendError(`The image refers to another file (${info.external_file}); such images are refused.`);
      imageBytes = info.virtual_size;
    }
    if (imageBytes > length) {
      // Cinder's ImageUnacceptable text for an image bigger than the volume.
      throw new BackendError(
        `Image virtual size is ${Math.ceil(imageBytes / GiB)}GB and doesn't fit in a volume of size ${sizeGiB}GB.`,
      );
    }
    await replaceAtomically(target, async (temporary) => {
      if (diskFormat === 'raw') {
        await copySparse(source, temporary, { ...options, length });
        return;
      }
      await this.qemuImg.convert(source, diskFormat, temporary, 'raw', options.onProgress);
      await truncate(temporary, length);
    });
  }

  async volumeData(volume: BackendVolume): Promise<StoredData | null> {
    return described(this.volumePath(volume));
  }

  async snapshotData(volume: BackendVolume, snapshotId: string): Promise<StoredData | null> {
    return described(this.snapshotPath(volume, snapshotId));
  }

  async allocatedGiB(pool: string): Promise<number> {
    const folder = this.poolPath(pool);
    const names = await readdir(folder).catch(() => [] as string[]);
    const sizes = await Promise.all(
      names.filter((n) => /^volume-[^.]+$/.test(n)).map((n) => stat(join(folder, n)).then((s) => s.size, () => 0)),
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

  private poolPath(pool: string) {
    if (!pool) throw new BackendError('The volume has no host: it was never placed on a backend.');
    return join(this.root, pool);
  }

  private async existingVolume(volume: BackendVolume): Promise<string> {
    const path = this.volumePath(volume);
    if (!(await exists(path))) {
      throw new BackendError(`Volume file ${path} does not exist; the volume's storage is missing on ${volume.host}.`);
    }
    return path;
  }
}

const exists = (path: string) => stat(path).then(() => true, () => false);

async function described(path: string): Promise<StoredData | null> {
  const stats = await stat(path).catch(() => null);
  return stats ? { provider_location: path, size_bytes: stats.size } : null;
}

/** Maps a listener's 0–100 onto `from`–`to` of a longer operation. */
function scaled(listener: ProgressListener | undefined, from: number, to: number): ProgressListener | undefined {
  return listener && ((percent) => listener(Math.floor(from + ((to - from) * percent) / 100)));
}
