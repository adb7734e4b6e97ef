import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { ENGINE_CONFIG, redisOptions, type EngineConfig } from '@app/config';
import { BullMqBackendJobRunner } from '@app/job-queue';
import { VolumeOperationsProcessor } from './volume-operations.processor';

/** Runs the BullMQ worker for backend operations; it closes before the queues and connections. */
@Injectable()
export class VolumeOperationsWorker implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly runner: BullMqBackendJobRunner;

  constructor(
    @Inject(ENGINE_CONFIG) config: EngineConfig,
    private readonly processor: VolumeOperationsProcessor,
  ) {
    this.runner = new BullMqBackendJobRunner({
      connection: redisOptions(config.redisUrl),
      prefix: config.queuePrefix,
      concurrency: config.workerConcurrency,
      lockDurationMs: config.jobLockDurationMs,
    });
  }

  async onApplicationBootstrap() {
    await this.runner.start((job, control) => this.processor.process(job, control));
  }

  async onModuleDestroy() {
    await this.runner.close();
  }
}
