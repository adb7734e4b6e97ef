import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { Queue } from 'bullmq';
import { ENGINE_CONFIG, redisOptions, type EngineConfig } from '@app/config';
import { EVENT_STORE, type EventStore } from '@app/event-store';
import { VOLUME_OPERATIONS_QUEUE } from '@app/job-queue';
import { EngineMetrics, projectionLag } from '@app/observability';
import { VOLUME_VIEW_REPOSITORY, type VolumeViewRepository } from '@app/read-model';
import { VOLUME_STREAM_PREFIX } from '@app/volume-commands';
import { withTimeout } from './readiness';

const JOB_STATES = ['waiting', 'active', 'delayed', 'prioritized', 'failed', 'completed'] as const;
const LAG_LIMIT = 10_000;

/**
 * The engine's queues as operators see them (the dashboard, the depth gauge), on connections of
 * their own, and the sources of the gauges read at scrape time: queue depth and projection lag.
 */
@Injectable()
export class OpsQueues implements OnModuleInit, OnModuleDestroy {
  readonly queues: Queue[];

  constructor(
    @Inject(ENGINE_CONFIG) config: EngineConfig,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(VOLUME_VIEW_REPOSITORY) private readonly views: VolumeViewRepository,
    private readonly metrics: EngineMetrics,
  ) {
    const options = { connection: redisOptions(config.redisUrl), prefix: config.queuePrefix };
    this.queues = [VOLUME_OPERATIONS_QUEUE, config.commandQueue].map((name) => new Queue(name, options));
    // A Redis away makes the gauges go quiet; it must not crash the process.
    for (const queue of this.queues) queue.on('error', () => undefined);
  }

  onModuleInit() {
    this.metrics.addSource(this.metrics.queueJobs, async () => {
      const samples = [];
      for (const queue of this.queues) {
        const counts = await withTimeout(queue.getJobCounts(...JOB_STATES), 1000, 'Redis');
        for (const state of JOB_STATES) samples.push({ labels: { queue: queue.name, state }, value: counts[state] ?? 0 });
      }
      return samples;
    });
    const lag = async () =>
      withTimeout((async () => projectionLag(this.store, await this.views.checkpoint(), VOLUME_STREAM_PREFIX, LAG_LIMIT))(), 3000, 'the projection lag');
    this.metrics.addSource(this.metrics.projectionLagEvents, async () => [{ labels: { projection: 'volume-views' }, value: (await lag()).events }]);
    this.metrics.addSource(this.metrics.projectionLagSeconds, async () => [{ labels: { projection: 'volume-views' }, value: (await lag()).seconds }]);
  }

  async onModuleDestroy() {
    // Closing waits for Redis; a Redis that is away must not hold up the shutdown.
    await Promise.all(this.queues.map((queue) => withTimeout(queue.close(), 1000, 'Redis').catch(() => queue.disconnect())));
  }
}
