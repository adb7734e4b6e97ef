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
  /** Why the connector lacks what this backend needs to export a volume to it, or null. */
  connectorError(connector: unknown): string | null;
  /** How a host reaches the volume: `connection_info` without the access mode (Cinder adds it). */
  connectionInfo(volume: BackendVolume, connector: unknown): { driver_volume_type: string; data: Record<string, unknown> };
}

export class BackendError extends Error {
  override readonly name = 'BackendError';
}

export const STORAGE_BACKEND = Symbol('StorageBackend');
export const GiB = 1024 ** 3;
