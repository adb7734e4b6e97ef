import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { ENGINE_CONFIG, type EngineConfig } from '@app/config';
import { EVENT_STORE, type EventStore } from '@app/event-store';
import { REDIS } from '@app/infrastructure';
import { ProjectionRateMeter, ReadModelChangePublisher, VOLUME_VIEW_REPOSITORY, type VolumeViewRepository } from '@app/read-model';
import { projectEvent } from './projections/volume-projection';
import { ReplayableFollower } from './replayable-follower';

/**
 * Keeps the read models in Redis: each volume event's view, list entries, snapshots and backend
 * operations are stored in one atomic step with the checkpoint. Replaying the log after Redis lost
 * its data rebuilds them: a view (and with it its documents) only ever moves to a later revision
 * and the checkpoint only forwards, so handling an event twice changes nothing.
 *
 * Every event moves the checkpoint, not only volume events, so "the checkpoint has reached the
 * log's head" is what list queries wait for (read-your-writes, see ReadModelFreshness). Each
 * stored view is then announced on a Redis channel (ReadModelChange), which the console's live
 * stream forwards: live readers follow the read models, not the event store.
 */
@Injectable()
export class Projector implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly follower: ReplayableFollower;
  private readonly rate: ProjectionRateMeter;
  private readonly enabled: boolean;

  constructor(
    @Inject(EVENT_STORE) store: EventStore,
    @Inject(VOLUME_VIEW_REPOSITORY) views: VolumeViewRepository,
    @Inject(REDIS) redis: Redis,
    @Inject(ENGINE_CONFIG) config: EngineConfig,
  ) {
    this.enabled = config.workerRoles.includes('projector');
    this.rate = new ProjectionRateMeter(redis, config.queuePrefix);
    const changes = new ReadModelChangePublisher(redis, config.queuePrefix);
    this.follower = new ReplayableFollower(store, {
      name: 'Projector',
      // Every stream: the projection skips what is not a volume's, but checkpoints past it.
      streamPrefixes: [''],
      storedCheckpoint: () => views.checkpoint(),
      handle: async (event) => {
        const change = await projectEvent(views, event);
        if (change) changes.publish(change);
        this.rate.record(event.position);
      },
    });
  }

  onApplicationBootstrap() {
    if (!this.enabled) return;
    this.rate.start();
    this.follower.start();
  }

  async replayFromStart(until: bigint | null) {
    if (this.enabled) await this.follower.replayFromStart(until);
  }

  async onModuleDestroy() {
    await this.follower.stop();
    await this.rate.stop();
  }
}
