import { Controller, Get, Inject, Param, Query, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { BACKEND_REGISTRY, isUp, type BackendRegistry } from '@app/backend-registry';
import { ENGINE_CONFIG, type EngineConfig } from '@app/config';
import { Policy } from '@app/policy';
import { VolumeAccess } from '../volumes/volume-access';

/** `os-services` and `scheduler-stats/get_pools`, from the volume services' own reports. */
@Controller()
export class ServicesController {
  constructor(
    @Inject(BACKEND_REGISTRY) private readonly registry: BackendRegistry,
    @Inject(ENGINE_CONFIG) private readonly config: EngineConfig,
    private readonly access: VolumeAccess,
    private readonly policy: Policy,
  ) {}

  @Get(['v3/:project_id/os-services', 'v3/os-services'])
  async services(@Req() request: FastifyRequest, @Param('project_id') projectId?: string) {
    this.authorize(request, projectId, 'volume_extension:services:index');
    const now = new Date();
    const { version } = request.cinder;
    return {
      services: (await this.registry.services()).map((service) => ({
        binary: 'cinder-volume',
        host: service.host,
        zone: service.zone,
        status: 'enabled',
        state: isUp(service, now, this.config.serviceDownTimeMs) ? 'up' : 'down',
        updated_at: service.reported_at.replace(/Z$/, '').replace(/\.(\d{3})$/, '.$1000'),
        disabled_reason: null,
        replication_status: 'disabled',
        active_backend_id: null,
        frozen: false,
        ...(version.atLeast('3.7') ? { cluster: null } : {}),
        ...(version.atLeast('3.49') ? { backend_state: isUp(service, now, this.config.serviceDownTimeMs) ? 'up' : 'down' } : {}),
      })),
    };
  }

  @Get(['v3/:project_id/scheduler-stats/get_pools', 'v3/scheduler-stats/get_pools'])
  async pools(@Req() request: FastifyRequest, @Query('detail') detail?: string, @Param('project_id') projectId?: string) {
    this.authorize(request, projectId, 'scheduler_extension:scheduler_stats:get_pools');
    const pools = (await this.registry.services()).flatMap((service) =>
      service.pools.map((pool) => ({ pool, timestamp: service.reported_at })),
    );
    const withDetail = detail !== undefined && ['true', '1', 'yes', 'on'].includes(detail.toLowerCase());
    return {
      pools: pools.map(({ pool, timestamp }) =>
        withDetail
          ? {
              name: pool.name,
              capabilities: {
                pool_name: pool.name.split('#')[1],
                total_capacity_gb: pool.total_capacity_gb,
                free_capacity_gb: pool.free_capacity_gb,
                allocated_capacity_gb: pool.allocated_capacity_gb,
                volume_backend_name: pool.volume_backend_name,
                storage_protocol: pool.storage_protocol,
                vendor_name: 'Open Source',
                driver_version: '1.0.0',
                reserved_percentage: 0,
                thin_provisioning_support: true,
                thick_provisioning_support: false,
                multiattach: true,
                timestamp,
              },
            }
          : { name: pool.name },
      ),
    };
  }

  private authorize(request: FastifyRequest, projectId: string | undefined, rule: string) {
    const { caller } = request.cinder;
    this.access.checkUrlProject(projectId, caller);
    this.policy.authorize(rule, caller, { project_id: caller.project_id, user_id: caller.user_id });
  }
}
