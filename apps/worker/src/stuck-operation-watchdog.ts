import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { eventTime, TransitionalVolumeTracker } from '@app/audit';
import { ENGINE_CONFIG, type EngineConfig } from '@app/config';
import { evolve, initialState, type ExistingVolume, type VolumeState } from '@app/domain';
import { EVENT_STORE, type EventStore, type RecordedEvent } from '@app/event-store';
import { LogFollower } from '@app/infrastructure';
import { engineMetrics } from '@app/observability';
import { BACKEND_JOB_QUEUE, LIVE_JOB_STATES, type BackendJob, type BackendJobQueue, type BackendJobStatus } from '@app/job-queue';
import { VOLUME_LOG } from '@app/read-model';
import { ExecuteVolumeCommand } from '@app/volume-commands';
import { jobForEvent } from './jobs-for-event';
import { BackendOperations } from './operations/backend-operations';
import { backendContext } from './volume-operations.processor';

interface AwaitedOperation {
  job: BackendJob;
  /** When it was requested (ISO 8601). */
  since: string;
}

/**
 * No operation may strand its volume. The watchdog follows the log (from its start, in memory)
 * and knows every operation still pending and the job that should be carrying it out. An
 * operation pending longer than STUCK_AFTER_MS whose job is not live (waiting, delayed or
 * running) is logged and settled where its outcome is knowable: the backend shows the work done
 * (its completion is recorded), or the job failed for good (its failure is recorded); otherwise
 * the job is gone (a Redis that lost it) and is enqueued again under its id. Volumes waiting on
 * another party (the compute service, a client that reserved them) are only reported, with the
 * audit library's stuck detector.
 */
@Injectable()
export class StuckOperationWatchdog implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Watchdog');
  private readonly follower: LogFollower;
  private position: bigint | undefined;
  private readonly volumes = new Map<string, VolumeState>();
  private readonly tracker = new TransitionalVolumeTracker();
  private readonly awaited = new Map<string, AwaitedOperation>();
  private readonly reported = new Set<string>();
  private timer: NodeJS.Timeout | null = null;
  private ticking: Promise<void> | null = null;

  constructor(
    @Inject(EVENT_STORE) store: EventStore,
    @Inject(ENGINE_CONFIG) private readonly config: EngineConfig,
    @Inject(BACKEND_JOB_QUEUE) private readonly queue: BackendJobQueue,
    private readonly operations: BackendOperations,
    private readonly commandBus: CommandBus,
  ) {
    this.follower = new LogFollower(store, {
      name: 'Watchdog',
      streamPrefixes: [VOLUME_LOG.streamPrefix],
      checkpoint: async () => this.position,
      handle: async (event) => {
        this.observe(event);
        this.position = event.position;
      },
    });
  }

  /** In the processes that run backend jobs (WORKER_ROLES), which can also tell what the backend holds. */
  onApplicationBootstrap() {
    if (!this.config.workerRoles.includes('jobs')) return;
    this.follower.start();
    this.timer = setInterval(() => this.tick(), this.config.watchdogIntervalMs);
  }

  async onModuleDestroy() {
    if (this.timer) clearInterval(this.timer);
    await this.ticking;
    await this.follower.stop();
  }

  /** The operations pending now, oldest first (for tests and diagnostics). */
  pendingOperations(): AwaitedOperation[] {
    return [...this.awaited.values()].sort((a, b) => a.since.localeCompare(b.since));
  }

  private observe(event: RecordedEvent) {
    const volumeId = VOLUME_LOG.volumeIdOf(event.streamId);
    const before = this.volumes.get(volumeId) ?? initialState();
    const after = evolve(before, VOLUME_LOG.decode(event));
    this.volumes.set(volumeId, after);
    this.tracker.observe({ event, before, after });
    const job = jobForEvent(event);
    if (job) this.awaited.set(job.id, { job, since: eventTime(event) });
    for (const [id, { job: awaited }] of this.awaited) {
      if (awaited.data.volume_id === volumeId && !this.operations.isPending(after, awaited)) this.awaited.delete(id);
    }
  }

  private tick() {
    if (this.ticking) return;
    this.ticking = this.inspect()
      .catch((error: Error) => this.logger.warn(`Looking for stuck operations failed: ${error.message}`))
      .finally(() => (this.ticking = null));
  }

  private async inspect() {
    const now = Date.now();
    engineMetrics.setStrandedVolumes(this.tracker.stuck(now, this.config.stuckAfterMs));
    for (const stuck of this.tracker.stuck(now, this.config.stuckAfterMs)) {
      if (stuck.waiting_for !== 'external') continue;
      this.reportOnce(
        `${stuck.volume_id}/${stuck.status}/${stuck.since}`,
        `Volume ${stuck.volume_id} has been ${stuck.status} since ${stuck.since} (${stuck.age_seconds} s), waiting for ` +
          'another party (the compute service, or the client that reserved it); no job can finish that.',
      );
    }
    for (const [id, { job, since }] of this.awaited) {
      if (now - Date.parse(since) <= this.config.stuckAfterMs) continue;
      const volume = this.volumes.get(job.data.volume_id) ?? initialState();
      if (!this.operations.isPending(volume, job)) {
        this.awaited.delete(id);
        continue;
      }
      const status = await this.queue.status(job.id);
      if (status && LIVE_JOB_STATES.has(status.state)) continue;
      await this.settle(job, volume as ExistingVolume, status, since);
    }
  }

  private async settle(job: BackendJob, volume: ExistingVolume, status: BackendJobStatus | null, since: string) {
    const operation = this.operations.for(job.name);
    const what =
      `${job.name} of volume ${job.data.volume_id} (status ${volume.status}, operation ${job.data.operation_id}, ` +
      `requested ${since}) has no live job (${status ? `job ${status.state}` : 'no job'})`;
    const finished = (await operation.finishedOnBackend?.(job, volume)) ?? null;
    if (finished) {
      const recorded = await this.record(job, finished);
      this.logger.warn(`${what}; the backend shows it finished: recorded ${recorded}.`);
      return;
    }
    if (status?.state === 'failed') {
      const reason = `The backend job failed: ${status.failedReason ?? 'no reason given'}`;
      const recorded = await this.record(job, operation.fail(job, volume, reason));
      this.logger.warn(`${what}; it failed for good: recorded ${recorded}.`);
      return;
    }
    await this.queue.requeue(job);
    this.logger.warn(`${what}; the backend cannot tell whether it finished: enqueued job ${job.id} again.`);
  }

  private async record(job: BackendJob, command: ExecuteVolumeCommand['command']) {
    const outcome = await this.commandBus.execute(new ExecuteVolumeCommand(command, backendContext(job, `watchdog/${job.id}`)));
    return outcome.events.map((event) => event.type).join(', ') || 'nothing (it ended meanwhile)';
  }

  private reportOnce(key: string, message: string) {
    if (this.reported.has(key)) return;
    this.reported.add(key);
    this.logger.warn(message);
  }
}
