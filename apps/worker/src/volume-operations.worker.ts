import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { ENGINE_CONFIG, redisOptions, type EngineConfig } from '@app/config';
import { BullMqBackendJobRunner } from '@app/job-queue';
import { engineMetrics, observeJob } from '@app/observability';
import { VolumeOperationsProcessor } from './volume-operations.processor';

/** Runs the BullMQ worker for backend operations; it closes before the queues and connections. */
@Injectable()
export class VolumeOperationsWorker implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly runner: BullMqBackendJobRunner;

  constructor(
    @Inject(ENGINE_CONFIG) private readonly config: EngineConfig,
    private readonly processor: VolumeOperationsProcessor,
  ) {
    this.runner = new BullMqBackendJobRunner({
      connection: redisOptions(config.redisUrl),
      prefix: config.queuePrefix,
      concurrency: config.workerConcurrency,
      lockDurationMs: config.jobLockDurationMs,
    });
    this.runner.onHandedBack = (job) => engineMetrics.jobs.inc({ job, outcome: 'handed_back' });
  }

  async onApplicationBootstrap() {
    if (!this.config.workerRoles.includes('jobs')) return;
    await this.runner.start((job, control) => observeJob(job, () => this.processor.process(job, control)));
  }

  /** On SIGTERM: running jobs get SHUTDOWN_GRACE_MS to finish, then are handed back to the queue. */
  async onModuleDestroy() {
    await this.runner.close(this.config.shutdownGraceMs);
  }
}
