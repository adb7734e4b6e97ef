import { Logger } from '@nestjs/common';
import { Queue, Worker, type ConnectionOptions, type Job } from 'bullmq';
import type {
  BackendJob,
  BackendJobProcessor,
  BackendJobQueue,
  BackendJobRunner,
  BackendJobStatus,
  JobCheckpoint,
} from './backend-job';

export { UnrecoverableError } from 'bullmq';

export const VOLUME_OPERATIONS_QUEUE = 'volume-operations';

export interface BullMqSettings {
  connection: ConnectionOptions;
  prefix: string;
  concurrency: number;
  lockDurationMs: number;
  attempts?: number;
}

const DAY_SECONDS = 24 * 3600;

type StoredJobData = BackendJob['data'] & { checkpoint?: JobCheckpoint };

export class BullMqBackendJobQueue implements BackendJobQueue {
  private readonly queue: Queue;

  constructor(private readonly settings: BullMqSettings) {
    this.queue = new Queue(VOLUME_OPERATIONS_QUEUE, { connection: settings.connection, prefix: settings.prefix });
    // A Redis hiccup must not crash the process; the caller's own call fails and is retried.
    this.queue.on('error', () => undefined);
  }

  async enqueue(job: BackendJob) {
    // A job id that already exists is a no-op in BullMQ: the reactor may replay events safely.
    await this.queue.add(job.name, job.data, {
      jobId: job.id,
      attempts: this.settings.attempts ?? 5,
      backoff: { type: 'exponential', delay: 500 },
      removeOnComplete: { age: DAY_SECONDS, count: 10_000 },
      removeOnFail: { age: 7 * DAY_SECONDS },
    });
  }

  async status(jobId: string): Promise<BackendJobStatus | null> {
    const job = await this.queue.getJob(jobId);
    if (!job) return null;
    const state = (await job.getState()) as BackendJobStatus['state'];
    return { state, failedReason: job.failedReason || null, attemptsMade: job.attemptsMade };
  }

  async requeue(job: BackendJob) {
    const existing = await this.queue.getJob(job.id);
    if (existing) {
      const state = await existing.getState();
      if (state !== 'completed' && state !== 'failed' && state !== 'unknown') return;
      await existing.remove();
    }
    await this.enqueue(job);
  }

  async close() {
    await this.queue.close();
  }
}

export class BullMqBackendJobRunner implements BackendJobRunner {
  private readonly logger = new Logger('BackendJobs');
  private worker: Worker | null = null;
  /** The jobs this worker runs now, with the lock tokens that let it hand them back. */
  private readonly running = new Map<string, { job: Job<StoredJobData>; token: string | undefined }>();

  constructor(private readonly settings: BullMqSettings) {}

  async start(processor: BackendJobProcessor) {
    this.worker = new Worker(
      VOLUME_OPERATIONS_QUEUE,
      async (job: Job<StoredJobData>, token?: string) => {
        const { checkpoint, ...data } = job.data;
        this.running.set(job.id!, { job, token });
        try {
          return await processor(
          { name: job.name as BackendJob['name'], id: job.id!, data },
          {
            attempt: job.attemptsMade + 1,
            maxAttempts: job.opts.attempts ?? 1,
            reportProgress: (percent) =>
              job.updateProgress(percent).catch((error: Error) => {
                this.logger.warn(`Progress of job ${job.id} could not be stored: ${error.message}`);
              }),
            checkpoint: checkpoint ?? null,
            saveCheckpoint: (next) => job.updateData({ ...data, checkpoint: next }),
          },
        );
        } finally {
          this.running.delete(job.id!);
        }
      },
      {
        connection: this.settings.connection,
        prefix: this.settings.prefix,
        concurrency: this.settings.concurrency,
        // A job whose worker died is picked up again once its lock expires.
        lockDuration: this.settings.lockDurationMs,
        stalledInterval: Math.max(1000, Math.floor(this.settings.lockDurationMs / 2)),
        // Crashes are not the job's fault: keep retrying a stalled job rather than strand its volume.
        maxStalledCount: 100,
      },
    );
    // Without a listener an 'error' (Redis lost, a lock that could not be renewed) would crash the process.
    this.worker.on('error', (error) => this.logger.warn(`Backend job worker: ${error.message}`));
    await this.worker.waitUntilReady();
  }

  /**
   * Stops taking jobs and lets the running ones finish for up to `graceMs`; those still running
   * then are handed back (moved to the waiting list, attempt unchanged) for another worker to run
   * again from the start or their checkpoint. Every job is idempotent, so a second run is safe; a
   * hand-back that cannot reach Redis leaves the job to be retried when its lock expires.
   */
  async close(graceMs = Number.POSITIVE_INFINITY) {
    const worker = this.worker;
    if (!worker) return;
    this.worker = null;
    const closing = worker.close();
    let timer: NodeJS.Timeout | undefined;
    const finished = await Promise.race([
      closing.then(() => true),
      new Promise<boolean>((done) => {
        if (Number.isFinite(graceMs)) timer = setTimeout(() => done(false), graceMs);
      }),
    ]).finally(() => clearTimeout(timer));
    if (finished) return;
    const held = [...this.running.values()];
    this.running.clear();
    await Promise.all(
      held.map(async ({ job, token }) => {
        try {
          await job.moveToWait(token);
          this.logger.warn(`Job ${job.id} (${job.name}) still running after ${graceMs} ms of shutdown: handed back to the queue.`);
          this.onHandedBack?.(job.name);
        } catch (error) {
          this.logger.warn(`Job ${job.id} could not be handed back (${(error as Error).message}): it is retried once its lock expires.`);
        }
      }),
    );
    // The processors still running belong to jobs another worker now owns: stop talking to Redis.
    await worker.disconnect().catch(() => undefined);
  }

  /** Told of each job handed back at shutdown (for the metrics). */
  onHandedBack?: (jobName: string) => void;
}
