import type { ProgressListener } from './sparse-files';

/** A volume as the backend knows it. */
export interface BackendVolume {
  id: string;
  /** Cinder host `host@backend#pool` the volume lives on. */
  host: string;
}

/** Data the backend holds: where it is and how many bytes long. */
export interface StoredData {
  provider_location: string;
  size_bytes: number;
}

/** Options of the operations that copy a volume's bytes. */
export interface CopyProgress {
  onProgress?: ProgressListener;
}

/**
 * The storage backend port (Cinder's volume driver). Every method may be called twice for the same
 * operation (a job retried after a crash, or run again after a Redis loss) and must then give the
 * same result; operations that write replace their target atomically. A BackendError is a
 * failure retrying cannot fix; anything else may be transient.
 */
export interface StorageBackend {
  createVolume(volume: BackendVolume, sizeGiB: number): Promise<{ provider_location: string }>;
  extendVolume(volume: BackendVolume, newSizeGiB: number): Promise<void>;
  /** Removes the volume's data and its snapshots'; data already gone is success. */
  deleteVolume(volume: BackendVolume, snapshotIds: readonly string[]): Promise<void>;
  /** The engine forgets the volume; the backend keeps its data where it is. */
  unmanageVolume(volume: BackendVolume): Promise<void>;
  /** A point-in-time copy of the volume; a snapshot already taken is kept as it is. */
  createSnapshot(volume: BackendVolume, snapshotId: string, options?: CopyProgress): Promise<{ provider_location: string }>;
  deleteSnapshot(volume: BackendVolume, snapshotId: string): Promise<void>;
  /** Puts the snapshot's data back into the volume. */
  revertToSnapshot(volume: BackendVolume, snapshotId: string, options?: CopyProgress): Promise<void>;
  /**
   * Cinder's driver retype: changes what the backend needs for the new type without moving the
   * data; false when it cannot, and the volume must be migrated instead.
   */
  retypeVolume(volume: BackendVolume, newType: { id: string; name: string; extra_specs: Record<string, string> }): Promise<boolean>;
  /**
   * Moves the volume's data to another pool (`host@backend#pool`): copies it, verifies the copy's
   * checksum against the source's, then removes the source. Run again after a crash, it finishes
   * the move (or sees it finished) rather than starting over on a source already removed.
   */
  migrateVolume(volume: BackendVolume, destinationPool: string, options?: CopyProgress): Promise<{ provider_location: string }>;
  /** Writes the volume's data to a file in an image disk format (`raw`, `qcow2`, ...). */
  exportVolume(volume: BackendVolume, destination: string, diskFormat: string, options?: CopyProgress): Promise<void>;
  /** Replaces the volume's data with an image's (given in its disk format); the volume keeps its size. */
  importImage(volume: BackendVolume, sizeGiB: number, source: string, diskFormat: string, options?: CopyProgress): Promise<void>;
  /** What the backend holds for the volume, or null: how the watchdog tells a finished operation. */
  volumeData(volume: BackendVolume): Promise<StoredData | null>;
  snapshotData(volume: BackendVolume, snapshotId: string): Promise<StoredData | null>;
  /** GiB provisioned on a pool (`host@backend#pool`): the sum of its volumes' sizes. */
  allocatedGiB(pool: string): Promise<number>;
  /** Why the connector lacks what this backend needs to export a volume to it, or null. */
  connectorError(connector: unknown): string | null;
  /** How a host reaches the volume: `connection_info` without the access mode (Cinder adds it). */
  connectionInfo(volume: BackendVolume, connector: unknown): { driver_volume_type: string; data: Record<string, unknown> };
}

/** A failure of the backend that retrying will not fix (missing data, a bad image, a failed check). */
export class BackendError extends Error {
  override readonly name = 'BackendError';
}

export const STORAGE_BACKEND = Symbol('StorageBackend');
export const GiB = 1024 ** 3;
