import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { ENGINE_CONFIG, type EngineConfig } from '@app/config';
import { EVENT_STORE, type EventStore } from '@app/event-store';
import { REDIS, RedisCheckpoint } from '@app/infrastructure';
import { BACKEND_JOB_QUEUE, type BackendJobQueue } from '@app/job-queue';
import { inEventSpan, jobOriginOf } from '@app/observability';
import { VOLUME_STREAM_PREFIX, VolumeCommandExecutor } from '@app/volume-commands';
import { jobForEvent } from './jobs-for-event';
import { BackendOperations } from './operations/backend-operations';
import { ReplayableFollower } from './replayable-follower';

/**
 * Turns `...Requested` events into backend jobs. Its checkpoint lives in Redis and is safe to
 * lose: replaying events re-adds jobs under the same ids (a no-op while BullMQ keeps them), and
 * an operation that is no longer pending gets no job at all, so a replay of a long log after a
 * Redis loss enqueues only what is still to do.
 */
@Injectable()
export class Reactor implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly follower: ReplayableFollower;

  constructor(
    @Inject(EVENT_STORE) store: EventStore,
    @Inject(REDIS) redis: Redis,
    @Inject(BACKEND_JOB_QUEUE) private readonly queue: BackendJobQueue,
    @Inject(ENGINE_CONFIG) private readonly config: EngineConfig,
    private readonly executor: VolumeCommandExecutor,
    private readonly operations: BackendOperations,
  ) {
    const checkpoint = new RedisCheckpoint(redis, `${config.queuePrefix}:reactor:checkpoint`);
    this.follower = new ReplayableFollower(store, {
      name: 'Reactor',
      streamPrefixes: [VOLUME_STREAM_PREFIX],
      storedCheckpoint: () => checkpoint.read(),
      handle: async (event) => {
        const job = jobForEvent(event);
        if (job && this.operations.isPending((await this.executor.load(job.data.volume_id)).state, job)) {
          // The job continues the request's trace and names its request id on its log lines.
          await inEventSpan(`enqueue ${job.name}`, event.metadata, () =>
            this.queue.enqueue({ ...job, data: { ...job.data, origin: jobOriginOf(event.metadata) } }),
          );
        }
        await checkpoint.save(event.position);
      },
    });
  }

  onApplicationBootstrap() {
    if (this.config.workerRoles.includes('reactor')) this.follower.start();
  }

  async replayFromStart(until: bigint | null) {
    if (this.config.workerRoles.includes('reactor')) await this.follower.replayFromStart(until);
  }

  async onModuleDestroy() {
    await this.follower.stop();
  }
}
