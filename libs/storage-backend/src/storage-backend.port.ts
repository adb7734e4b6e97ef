/** A volume as the backend knows it. */
export interface BackendVolume {
  id: string;
  /** Cinder host `host@backend#pool` the volume lives on. */
  host: string;
}

/**
 * The storage backend port (Cinder's volume driver). Every method may be called twice for the same
 * operation (a job retried after a crash) and must then give the same result.
 */
export interface StorageBackend {
  createVolume(volume: BackendVolume, sizeGiB: number): Promise<{ provider_location: string }>;
  extendVolume(volume: BackendVolume, newSizeGiB: number): Promise<void>;
  /** GiB provisioned on a pool (`host@backend#pool`): the sum of its volumes' sizes. */
  allocatedGiB(pool: string): Promise<number>;
}

export class BackendError extends Error {
  override readonly name = 'BackendError';
}

export const STORAGE_BACKEND = Symbol('StorageBackend');
export const GiB = 1024 ** 3;
