import { Controller, Get, Inject, Param, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { Redis } from 'ioredis';
import { ENGINE_CONFIG, type EngineConfig } from '@app/config';
import { EVENT_STORE, type EventStore } from '@app/event-store';
import { REDIS } from '@app/infrastructure';
import { projectionStatus } from '@app/read-model';
import { VolumeAccess } from '../volumes/volume-access';

/**
 * An admin extension: each projection's checkpoint, the log's head, the lag in events and the
 * rate of the projector processes, for monitoring (`engine:projections:get`).
 */
@Controller()
export class ProjectionsController {
  constructor(
    private readonly access: VolumeAccess,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(ENGINE_CONFIG) private readonly config: EngineConfig,
  ) {}

  @Get(['v3/:project_id/projections', 'v3/projections'])
  async list(@Req() request: FastifyRequest, @Param('project_id') projectId?: string) {
    const { caller } = request.cinder;
    this.access.checkUrlProject(projectId, caller);
    this.access.authorize('engine:projections:get', caller, { project_id: caller.project_id, user_id: caller.user_id });
    return { projections: await projectionStatus(this.store, this.redis, this.config.queuePrefix) };
  }
}
