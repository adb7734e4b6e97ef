import { Inject, Injectable } from '@nestjs/common';
import { BACKEND_REGISTRY, choosePool, parseHost, type BackendRegistry, type ServiceReport } from '@app/backend-registry';
import { ENGINE_CONFIG, type EngineConfig } from '@app/config';
import { STORAGE_BACKEND, type StorageBackend } from '@app/storage-backend';

/**
 * The pools a volume can be moved to, from the volume services' reports (and this worker's own
 * pools), and the scheduler's choice among them.
 */
@Injectable()
export class PoolDirectory {
  constructor(
    @Inject(BACKEND_REGISTRY) private readonly registry: BackendRegistry,
    @Inject(ENGINE_CONFIG) private readonly config: EngineConfig,
    @Inject(STORAGE_BACKEND) private readonly backend: StorageBackend,
  ) {}

  /** The pools a migration destination names: the one of `host@backend#pool`, or every pool of `host@backend`. */
  async poolsOf(destination: string): Promise<string[]> {
    if (destination.includes('#')) return [destination];
    return (await this.knownPools()).filter((pool) => pool.split('#')[0] === destination);
  }

  /** Pools whose backend (`volume_backend_name`) is `backendName`. */
  async poolsOfBackend(backendName: string): Promise<string[]> {
    return (await this.knownPools()).filter((pool) => parseHost(pool).backend === backendName);
  }

  /** The one of `pools` that already holds the volume's data: a move a crashed run finished. */
  async holding(volumeId: string, pools: readonly string[]): Promise<string | null> {
    for (const pool of pools) if (await this.backend.volumeData({ id: volumeId, host: pool })) return pool;
    return null;
  }

  /** Cinder's filter scheduler among the up pools of `among`: the one with the most room for `size` GiB. */
  async choose(size: number, among: readonly string[]): Promise<string | null> {
    const services = (await this.registry.services()).map((service) => ({
      ...service,
      pools: service.pools.filter((pool) => among.includes(pool.name)),
    }));
    return choosePool(services, { size, extra_specs: {}, now: new Date(), serviceDownTimeMs: this.config.serviceDownTimeMs })?.name ?? null;
  }

  private async knownPools(): Promise<string[]> {
    const reported = (await this.registry.services()).flatMap((service: ServiceReport) => service.pools.map((pool) => pool.name));
    return [...new Set([...reported, ...this.config.backends.map((b) => b.pool)])].sort();
  }
}
