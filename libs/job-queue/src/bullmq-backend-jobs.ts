import { Queue, Worker, type ConnectionOptions } from 'bullmq';
import type { BackendJob, BackendJobProcessor, BackendJobQueue, BackendJobRunner } from './backend-job';

export const VOLUME_OPERATIONS_QUEUE = 'volume-operations';

export interface BullMqSettings {
  connection: ConnectionOptions;
  prefix: string;
  concurrency: number;
  lockDurationMs: number;
  attempts?: number;
}

const DAY_SECONDS = 24 * 3600;

export class BullMqBackendJobQueue implements BackendJobQueue {
  private readonly queue: Queue;

  constructor(private readonly settings: BullMqSettings) {
    this.queue = new Queue(VOLUME_OPERATIONS_QUEUE, { connection: settings.connection, prefix: settings.prefix });
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

  async close() {
    await this.queue.close();
  }
}

export class BullMqBackendJobRunner implements BackendJobRunner {
  private worker: Worker | null = null;

  constructor(private readonly settings: BullMqSettings) {}

  async start(processor: BackendJobProcessor) {
    this.worker = new Worker(
      VOLUME_OPERATIONS_QUEUE,
      (job) =>
        processor(
          { name: job.name as BackendJob['name'], id: job.id!, data: job.data },
          {
            attempt: job.attemptsMade + 1,
            maxAttempts: job.opts.attempts ?? 1,
            reportProgress: (percent) => job.updateProgress(percent),
          },
        ),
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
    await this.worker.waitUntilReady();
  }

  async close() {
    await this.worker?.close();
    this.worker = null;
  }
}
