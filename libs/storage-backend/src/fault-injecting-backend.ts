import { setTimeout as sleep } from 'node:timers/promises';
import { BackendError, type BackendVolume, type StorageBackend } from './storage-backend.port';

export type FaultPoint = `${'create' | 'extend'}.${'before' | 'after'}`;

/**
 * For tests only: wraps a real backend and delays or fails at named points (`extend.before`, ...),
 * so a test can kill a worker mid-operation or watch a failure path.
 */
export class FaultInjectingBackend implements StorageBackend {
  constructor(
    private readonly inner: StorageBackend,
    private readonly delays: Partial<Record<string, number>>,
    private readonly failures: string[],
  ) {}

  async createVolume(volume: BackendVolume, sizeGiB: number) {
    await this.at('create.before');
    const result = await this.inner.createVolume(volume, sizeGiB);
    await this.at('create.after');
    return result;
  }

  async extendVolume(volume: BackendVolume, newSizeGiB: number) {
    await this.at('extend.before');
    await this.inner.extendVolume(volume, newSizeGiB);
    await this.at('extend.after');
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

  private async at(point: FaultPoint) {
    const delay = this.delays[point];
    if (delay) await sleep(delay);
    if (this.failures.includes(point)) throw new BackendError(`Injected failure at ${point}`);
  }
}
