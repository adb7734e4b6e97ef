import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { ENGINE_CONFIG, type EngineConfig } from '@app/config';
import { EVENT_STORE, type EventStore } from '@app/event-store';
import { REDIS, LogFollower } from '@app/infrastructure';
import { BACKEND_JOB_QUEUE, type BackendJobQueue } from '@app/job-queue';
import { VOLUME_STREAM_PREFIX } from '@app/volume-commands';
import { jobForEvent } from './jobs-for-event';

/**
 * Turns `...Requested` events into backend jobs. Its checkpoint lives in Redis and is safe to
 * lose: replaying events re-adds jobs under the same ids (a no-op while BullMQ keeps them) and a
 * job whose operation is no longer pending does nothing.
 */
@Injectable()
export class Reactor implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly follower: LogFollower;
  private readonly checkpointKey: string;

  constructor(
    @Inject(EVENT_STORE) store: EventStore,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(BACKEND_JOB_QUEUE) private readonly queue: BackendJobQueue,
    @Inject(ENGINE_CONFIG) config: EngineConfig,
  ) {
    this.checkpointKey = `${config.queuePrefix}:reactor:checkpoint`;
    this.follower = new LogFollower(store, {
      name: 'Reactor',
      streamPrefixes: [VOLUME_STREAM_PREFIX],
      checkpoint: async () => {
        const saved = await this.redis.get(this.checkpointKey);
        return saved === null ? undefined : BigInt(saved);
      },
      handle: async (event) => {
        const job = jobForEvent(event);
        if (job) await this.queue.enqueue(job);
        await this.redis.set(this.checkpointKey, event.position.toString());
      },
    });
  }

  onApplicationBootstrap() {
    this.follower.start();
  }

  async onModuleDestroy() {
    await this.follower.stop();
  }
}
