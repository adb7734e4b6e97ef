import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { findHeadPosition } from '@app/audit';
import { ENGINE_CONFIG, type EngineConfig } from '@app/config';
import { EVENT_STORE, type EventStore } from '@app/event-store';
import { REDIS } from '@app/infrastructure';
import { Projector } from './projector';
import { Reactor } from './reactor';

/**
 * Redis holds only what can be derived from the event log: read models, the job queue, follower
 * checkpoints. When it loses them (flushed, or restarted without persistence) the followers do
 * not notice on their own: they go on from where they are. This watches a marker key that is
 * written once the read models and jobs are known to cover the log; when it is missing, the
 * projector and the reactor replay the log from its start (rebuilding every view, enqueueing again
 * every operation still pending, and nothing finished), and the marker is written once both have
 * caught up with the log's head as it was when the loss was seen.
 */
@Injectable()
export class RedisLossMonitor implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(RedisLossMonitor.name);
  private readonly markerKey: string;
  private timer: NodeJS.Timeout | null = null;
  private checking: Promise<void> | null = null;

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(ENGINE_CONFIG) private readonly config: EngineConfig,
    private readonly projector: Projector,
    private readonly reactor: Reactor,
  ) {
    // A process that follows only one of the two (WORKER_ROLES) keeps a marker of its own.
    const follows = config.workerRoles.filter((role) => role === 'reactor' || role === 'projector');
    this.markerKey = `${config.queuePrefix}:worker:derived-state-complete${follows.length === 1 ? `:${follows[0]}` : ''}`;
  }

  onApplicationBootstrap() {
    this.tick();
    this.timer = setInterval(() => this.tick(), Math.min(this.config.watchdogIntervalMs, 5000));
  }

  async onModuleDestroy() {
    if (this.timer) clearInterval(this.timer);
    await this.checking;
  }

  /** One check at a time: a replay in progress is not started again. */
  private tick() {
    if (this.checking) return;
    this.checking = this.check()
      .catch((error: Error) => this.logger.warn(`Checking Redis for lost data failed: ${error.message}`))
      .finally(() => (this.checking = null));
  }

  private async check() {
    if (!this.config.workerRoles.some((role) => role === 'reactor' || role === 'projector')) return;
    if (await this.redis.exists(this.markerKey)) return;
    const head = await findHeadPosition(this.store);
    this.logger.warn(
      'Redis holds no record of the read models and jobs being complete (a new Redis, or one that lost its data): ' +
        `replaying the event log${head === null ? '' : ` up to position ${head}`} into the read models and the job queue.`,
    );
    await Promise.all([this.projector.replayFromStart(head), this.reactor.replayFromStart(head)]);
    await this.redis.set(this.markerKey, new Date().toISOString());
    this.logger.log('Read models and jobs rebuilt from the event log.');
  }
}
