import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { BACKEND_REGISTRY, parseHost, type BackendRegistry, type ServiceReport } from '@app/backend-registry';
import { ENGINE_CONFIG, type EngineConfig } from '@app/config';
import { STORAGE_BACKEND, type StorageBackend } from '@app/storage-backend';

/**
 * Cinder's volume service heartbeat: every report interval, each `host@backend` this worker
 * serves reports its pools' capacity. The scheduler places volumes from these reports, and a
 * service whose reports stop is shown as down.
 */
@Injectable()
export class VolumeServiceHeartbeat implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(VolumeServiceHeartbeat.name);
  private timer: NodeJS.Timeout | null = null;

  constructor(
    @Inject(ENGINE_CONFIG) private readonly config: EngineConfig,
    @Inject(BACKEND_REGISTRY) private readonly registry: BackendRegistry,
    @Inject(STORAGE_BACKEND) private readonly backend: StorageBackend,
  ) {}

  async onApplicationBootstrap() {
    // Only a process that runs the backend jobs serves the pools.
    if (!this.config.workerRoles.includes('jobs')) return;
    await this.report();
    this.timer = setInterval(() => {
      this.report().catch((error: Error) => this.logger.warn(`Reporting volume service capacity failed: ${error.message}`));
    }, this.config.serviceReportIntervalMs);
  }

  onModuleDestroy() {
    if (this.timer) clearInterval(this.timer);
  }

  private async report() {
    const reportedAt = new Date().toISOString();
    const services = new Map<string, ServiceReport>();
    for (const { pool, capacityGb } of this.config.backends) {
      const { host, backend } = parseHost(pool);
      const allocated = await this.backend.allocatedGiB(pool);
      const service = services.get(`${host}@${backend}`) ?? {
        host: `${host}@${backend}`,
        zone: this.config.availabilityZone,
        pools: [],
        reported_at: reportedAt,
      };
      service.pools.push({
        name: pool,
        total_capacity_gb: capacityGb,
        allocated_capacity_gb: allocated,
        free_capacity_gb: Math.max(0, capacityGb - allocated),
        volume_backend_name: backend,
        storage_protocol: 'file',
      });
      services.set(service.host, service);
    }
    for (const service of services.values()) await this.registry.report(service);
  }
}
