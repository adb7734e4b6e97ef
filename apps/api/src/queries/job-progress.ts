import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { Queue } from 'bullmq';
import { ENGINE_CONFIG, redisOptions, type EngineConfig } from '@app/config';
import { VOLUME_OPERATIONS_QUEUE } from '@app/job-queue';
import { cinderTime } from '@app/read-model';

export interface JobProgress {
  id: string;
  state: string;
  /** What the worker last reported, 0 to 100. */
  progress: number;
  attempts: number;
  started_at: string | null;
}

/**
 * Reads backend jobs as BullMQ keeps them (the worker reports progress on the job), for the
 * operations view. Best effort: a job BullMQ no longer keeps, or Redis away, is simply unknown.
 */
@Injectable()
export class JobProgressReader implements OnModuleDestroy {
  private readonly queue: Queue;

  constructor(@Inject(ENGINE_CONFIG) config: EngineConfig) {
    this.queue = new Queue(VOLUME_OPERATIONS_QUEUE, { connection: redisOptions(config.redisUrl), prefix: config.queuePrefix });
    this.queue.on('error', () => undefined);
  }

  async read(jobIds: readonly string[]): Promise<Map<string, JobProgress>> {
    const found = new Map<string, JobProgress>();
    await Promise.all(
      jobIds.map(async (id) => {
        try {
          const job = await this.queue.getJob(id);
          if (!job) return;
          const progress = typeof job.progress === 'number' ? job.progress : 0;
          found.set(id, {
            id,
            state: await job.getState(),
            progress: Math.max(0, Math.min(100, Math.round(progress))),
            attempts: job.attemptsMade,
            started_at: job.processedOn ? cinderTime(new Date(job.processedOn).toISOString()) : null,
          });
        } catch {
          // unknown
        }
      }),
    );
    return found;
  }

  /** The operation a job carries out, from the job's data; null for a job BullMQ no longer keeps. */
  async operationIdOf(jobId: string): Promise<string | null> {
    try {
      const job = await this.queue.getJob(jobId);
      const operationId = (job?.data as { operation_id?: unknown } | undefined)?.operation_id;
      return typeof operationId === 'string' ? operationId : null;
    } catch {
      return null;
    }
  }

  async onModuleDestroy() {
    await this.queue.close();
  }
}
