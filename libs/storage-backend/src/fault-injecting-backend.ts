import { Logger } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  BackendError,
  type BackendVolume,
  type CopyProgress,
  type StorageBackend,
} from './storage-backend.port';

/** The operations that can be held or failed, each at `.before` and `.after`, the copies also `.during`. */
export const FAULT_OPERATIONS = [
  'create', 'extend', 'delete', 'unmanage', 'snapshot_create', 'snapshot_delete', 'revert', 'retype', 'migrate',
  'upload', 'reimage',
] as const;
export type FaultOperation = (typeof FAULT_OPERATIONS)[number];
export type FaultPoint = `${FaultOperation}.${'before' | 'during' | 'after'}`;

/**
 * For tests only: wraps a real backend and delays or fails at named points (`extend.before`,
 * `migrate.during`, ...), so a test can kill a worker before, in the middle of, or after a backend
 * call, or watch a failure path. `.during` fires once a copy is half done (copies that qemu-img
 * converts are not held there). A failure `point` throws a BackendError (permanent) every time;
 * `point*N` throws a plain Error (transient) the first N times this process reaches it. Each point
 * reached that has a fault logs a line naming it and the volume, which tests wait for.
 */
export class FaultInjectingBackend implements StorageBackend {
  private readonly logger = new Logger('FaultInjectingBackend');
  private readonly permanent: Set<string>;
  private readonly transient = new Map<string, number>();

  constructor(
    private readonly inner: StorageBackend,
    private readonly delays: Partial<Record<string, number>>,
    failures: string[],
  ) {
    this.permanent = new Set(failures.filter((failure) => !failure.includes('*')));
    for (const failure of failures.filter((f) => f.includes('*'))) {
      const [point, times] = failure.split('*');
      this.transient.set(point, Number(times) || 1);
    }
  }

  createVolume(volume: BackendVolume, sizeGiB: number) {
    return this.around('create', volume, () => this.inner.createVolume(volume, sizeGiB));
  }

  extendVolume(volume: BackendVolume, newSizeGiB: number) {
    return this.around('extend', volume, () => this.inner.extendVolume(volume, newSizeGiB));
  }

  deleteVolume(volume: BackendVolume, snapshotIds: readonly string[]) {
    return this.around('delete', volume, () => this.inner.deleteVolume(volume, snapshotIds));
  }

  unmanageVolume(volume: BackendVolume) {
    return this.around('unmanage', volume, () => this.inner.unmanageVolume(volume));
  }

  createSnapshot(volume: BackendVolume, snapshotId: string, options?: CopyProgress) {
    return this.around('snapshot_create', volume, () =>
      this.inner.createSnapshot(volume, snapshotId, this.during('snapshot_create', volume, options)),
    );
  }

  deleteSnapshot(volume: BackendVolume, snapshotId: string) {
    return this.around('snapshot_delete', volume, () => this.inner.deleteSnapshot(volume, snapshotId));
  }

  revertToSnapshot(volume: BackendVolume, snapshotId: string, options?: CopyProgress) {
    return this.around('revert', volume, () =>
      this.inner.revertToSnapshot(volume, snapshotId, this.during('revert', volume, options)),
    );
  }

  retypeVolume(volume: BackendVolume, newType: { id: string; name: string; extra_specs: Record<string, string> }) {
    return this.around('retype', volume, () => this.inner.retypeVolume(volume, newType));
  }

  migrateVolume(volume: BackendVolume, destinationPool: string, options?: CopyProgress) {
    return this.around('migrate', volume, () =>
      this.inner.migrateVolume(volume, destinationPool, this.during('migrate', volume, options)),
    );
  }

  exportVolume(volume: BackendVolume, destination: string, diskFormat: string, options?: CopyProgress) {
    return this.around('upload', volume, () =>
      this.inner.exportVolume(volume, destination, diskFormat, this.during('upload', volume, options)),
    );
  }

  importImage(volume: BackendVolume, sizeGiB: number, source: string, diskFormat: string, options?: CopyProgress) {
    return this.around('reimage', volume, () =>
      this.inner.importImage(volume, sizeGiB, source, diskFormat, this.during('reimage', volume, options)),
    );
  }

  volumeData(volume: BackendVolume) {
    return this.inner.volumeData(volume);
  }

  snapshotData(volume: BackendVolume, snapshotId: string) {
    return this.inner.snapshotData(volume, snapshotId);
  }

  allocatedGiB(pool: string) {
    return this.inner.allocatedGiB(pool);
  }

  connectorError(connector: unknown) {
    return this.inner.connectorError(connector);
  }

  connectionInfo(volume: BackendVolume, connector: unknown) {
    return this.inner.connectionInfo(volume, connector);
  }

  private async around<T>(operation: FaultOperation, volume: BackendVolume, call: () => Promise<T>): Promise<T> {
    await this.at(`${operation}.before`, volume);
    const result = await call();
    await this.at(`${operation}.after`, volume);
    return result;
  }

  /** Progress that stops at `<operation>.during` once, when the copy is half done. */
  private during(operation: FaultOperation, volume: BackendVolume, options: CopyProgress = {}): CopyProgress {
    let reached = false;
    return {
      onProgress: async (percent) => {
        if (!reached && percent >= 50) {
          reached = true;
          await this.at(`${operation}.during`, volume);
        }
        await options.onProgress?.(percent);
      },
    };
  }

  private async at(point: FaultPoint, volume: BackendVolume) {
    const delay = this.delays[point];
    const transient = this.transient.get(point) ?? 0;
    const fails = this.permanent.has(point);
    if (!delay && !fails && transient === 0) return;
    this.logger.log(`Fault point ${point} reached for volume ${volume.id}${delay ? `: holding ${delay} ms` : ''}`);
    if (delay) await sleep(delay);
    if (fails) throw new BackendError(`Injected failure at ${point}`);
    if (transient > 0) {
      this.transient.set(point, transient - 1);
      throw new Error(`Injected transient failure at ${point}`);
    }
  }
}
