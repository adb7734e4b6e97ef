import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { QueueEvents } from 'bullmq';
import type { Redis } from 'ioredis';
import { ENGINE_CONFIG, redisOptions, type EngineConfig } from '@app/config';
import { EVENT_STORE, type EventStore } from '@app/event-store';
import { REDIS } from '@app/infrastructure';
import { VOLUME_OPERATIONS_QUEUE } from '@app/job-queue';
import { projectionLag } from '@app/observability';
import { readModelChangesChannel, VOLUME_VIEW_REPOSITORY, type ReadModelChange, type VolumeViewRepository } from '@app/read-model';
import { VOLUME_STREAM_PREFIX } from '@app/volume-commands';
import { JobProgressReader } from '../queries/job-progress';
import { presentOperation } from '../queries/operations.controller';
import { ReadModelQueries } from '../queries/read-model-queries';
import { ThroughputWindow } from './throughput-window';

export type PresentedOperation = ReturnType<typeof presentOperation>;

export type ConsoleMessage =
  | { kind: 'volume'; change: ReadModelChange }
  | { kind: 'operation'; operation: PresentedOperation }
  /** A second has passed: each stream sends its throughput sample. */
  | { kind: 'tick'; now: number }
  /** The process is stopping: streams end so they do not hold the shutdown. */
  | { kind: 'closing' };

/** Lag is counted up to here each second; past it the chart shows the cap. */
export const LAG_COUNT_CAP = 5_000;

/**
 * What the console's live streams forward, gathered once per API process: the projector's change
 * notices (Redis pub/sub), the operations they touched, job progress (BullMQ's queue events), and a
 * tick each second with the projection lag sampled. Commands and jobs per second are counted from
 * the same notices. Nothing here reads the event store but the lag sample, which counts the volume
 * events after the projector's checkpoint, as the readiness check and `cinder_projection_lag_events` do.
 */
@Injectable()
export class ConsoleFeed implements OnApplicationBootstrap, OnModuleDestroy {
  readonly throughput = new ThroughputWindow();
  private readonly logger = new Logger('ConsoleFeed');
  private readonly listeners = new Set<(message: ConsoleMessage) => void>();
  private subscriber: Redis | null = null;
  private queueEvents: QueueEvents | null = null;
  private timer: NodeJS.Timeout | null = null;
  private sampling = false;

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(ENGINE_CONFIG) private readonly config: EngineConfig,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(VOLUME_VIEW_REPOSITORY) private readonly views: VolumeViewRepository,
    private readonly queries: ReadModelQueries,
    private readonly jobs: JobProgressReader,
  ) {}

  onApplicationBootstrap() {
    const channel = readModelChangesChannel(this.config.queuePrefix);
    this.subscriber = this.redis.duplicate();
    this.subscriber.on('error', () => undefined);
    this.subscriber.on('message', (_channel: string, text: string) => this.onChange(text));
    // Not awaited: with Redis away the API starts all the same, and ioredis subscribes (and
    // subscribes again after a reconnect) once Redis answers.
    this.subscriber.subscribe(channel).catch((error: Error) => this.logger.warn(`Cannot follow ${channel} (${error.message}); the console shows no live updates until Redis answers`));
    this.queueEvents = new QueueEvents(VOLUME_OPERATIONS_QUEUE, { connection: redisOptions(this.config.redisUrl), prefix: this.config.queuePrefix });
    this.queueEvents.on('error', () => undefined);
    this.queueEvents.on('progress', ({ jobId }) => void this.onProgress(jobId));
    this.timer = setInterval(() => void this.tick(), 1000);
    this.timer.unref();
  }

  /** Calls `listener` with every message from now on; answers how to stop. */
  listen(listener: (message: ConsoleMessage) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async onModuleDestroy() {
    this.emit({ kind: 'closing' });
    if (this.timer) clearInterval(this.timer);
    this.subscriber?.disconnect();
    await this.queueEvents?.close().catch(() => undefined);
  }

  private onChange(text: string) {
    let change: ReadModelChange;
    try {
      change = JSON.parse(text) as ReadModelChange;
    } catch {
      return;
    }
    this.throughput.record(change);
    this.emit({ kind: 'volume', change });
    if (change.operation_ids.length) void this.emitOperations(change.operation_ids);
  }

  private async onProgress(jobId: string) {
    const operationId = await this.jobs.operationIdOf(jobId);
    if (operationId) await this.emitOperations([operationId]);
  }

  private async emitOperations(ids: readonly string[]) {
    try {
      const operations = (await this.queries.operations(ids)).filter((o) => o !== null);
      const jobs = await this.jobs.read(operations.flatMap((o) => (o.job_id ? [o.job_id] : [])));
      for (const operation of operations) this.emit({ kind: 'operation', operation: presentOperation(operation, operation.job_id ? jobs.get(operation.job_id) : undefined) });
    } catch {
      // Redis away: the console reads the operations again when its stream reconnects.
    }
  }

  private async tick() {
    // A sample still under way (a slow store) is not started again.
    if (!this.sampling) await this.sampleLag();
    this.emit({ kind: 'tick', now: Date.now() });
  }

  private async sampleLag() {
    this.sampling = true;
    try {
      const lag = await projectionLag(this.store, await this.views.checkpoint(), VOLUME_STREAM_PREFIX, LAG_COUNT_CAP);
      this.throughput.recordLag(Date.now(), lag.events);
    } catch {
      // no sample this second
    } finally {
      this.sampling = false;
    }
  }

  private emit(message: ConsoleMessage) {
    for (const listener of this.listeners) {
      try {
        listener(message);
      } catch (error) {
        this.logger.warn(`A console stream failed to take a message: ${(error as Error).message}`);
      }
    }
  }
}
