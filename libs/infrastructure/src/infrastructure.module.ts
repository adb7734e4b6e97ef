import { Global, Inject, Logger, Module, type OnApplicationShutdown } from '@nestjs/common';
import { Redis } from 'ioredis';
import { join } from 'node:path';
import { BACKEND_REGISTRY, RedisBackendRegistry } from '@app/backend-registry';
import { COMPUTE_SERVICE, NoComputeService, NovaComputeService } from '@app/compute';
import { createImageService, IMAGE_SERVICE } from '@app/image-service';
import { ENGINE_CONFIG, engineConfigProvider, redisOptions, type EngineConfig } from '@app/config';
import { EVENT_STORE, createEventStore, type EventStore } from '@app/event-store';
import { BACKEND_JOB_QUEUE, BullMqBackendJobQueue, type BackendJobQueue } from '@app/job-queue';
import { engineMetrics } from '@app/observability';
import { RedisVolumeViewRepository, VOLUME_VIEW_REPOSITORY, VolumeReader, type VolumeViewRepository } from '@app/read-model';
import { FaultInjectingBackend, FileBackend, STORAGE_BACKEND } from '@app/storage-backend';

export const REDIS = Symbol('Redis');

/**
 * The engine's adapters, chosen by configuration, shared by the api and worker halves. The settings
 * come from @nestjs/config (validated by loadConfig), which the entry point loads: see
 * loadEngineConfigModule.
 */
@Global()
@Module({
  providers: [
    engineConfigProvider,
    {
      provide: EVENT_STORE,
      inject: [ENGINE_CONFIG],
      useFactory: (config: EngineConfig) => {
        const store = createEventStore({
          kind: config.eventStore,
          sqlitePath: join(config.dataDir, 'events.sqlite'),
          connectionString: config.eventStoreConnectionString ?? undefined,
        });
        engineMetrics.reportAppendStats(store);
        return store;
      },
    },
    {
      provide: REDIS,
      inject: [ENGINE_CONFIG],
      useFactory: (config: EngineConfig) => {
        const redis = new Redis(redisOptions(config.redisUrl));
        // Reconnecting is ioredis's job; say so in the log (once in a while), not as an unhandled error.
        let warned = 0;
        redis.on('error', (error: Error) => {
          if (Date.now() - warned < 10_000) return;
          warned = Date.now();
          new Logger('Redis').warn(`Redis connection: ${error.message} (reconnecting)`);
        });
        return redis;
      },
    },
    {
      provide: VOLUME_VIEW_REPOSITORY,
      inject: [REDIS, ENGINE_CONFIG],
      useFactory: (redis: Redis, config: EngineConfig) => new RedisVolumeViewRepository(redis, config.queuePrefix),
    },
    {
      provide: BACKEND_REGISTRY,
      inject: [REDIS, ENGINE_CONFIG],
      useFactory: (redis: Redis, config: EngineConfig) => new RedisBackendRegistry(redis, config.queuePrefix),
    },
    {
      provide: COMPUTE_SERVICE,
      inject: [ENGINE_CONFIG],
      useFactory: ({ compute }: EngineConfig) =>
        compute.kind === 'nova' ? new NovaComputeService({ url: compute.url, token: compute.token }) : new NoComputeService(),
    },
    {
      provide: IMAGE_SERVICE,
      inject: [ENGINE_CONFIG],
      useFactory: (config: EngineConfig) => createImageService(config),
    },
    {
      provide: VolumeReader,
      inject: [EVENT_STORE, VOLUME_VIEW_REPOSITORY],
      useFactory: (store: EventStore, views: VolumeViewRepository) => new VolumeReader(store, views),
    },
    {
      provide: STORAGE_BACKEND,
      inject: [ENGINE_CONFIG],
      useFactory: (config: EngineConfig) => {
        const files = new FileBackend(join(config.dataDir, 'backends'));
        return config.storageBackend === 'faulty-file'
          ? new FaultInjectingBackend(files, config.backendDelays, config.backendFailures)
          : files;
      },
    },
    {
      provide: BACKEND_JOB_QUEUE,
      inject: [ENGINE_CONFIG],
      useFactory: (config: EngineConfig) =>
        new BullMqBackendJobQueue({
          connection: redisOptions(config.redisUrl),
          prefix: config.queuePrefix,
          concurrency: config.workerConcurrency,
          lockDurationMs: config.jobLockDurationMs,
        }),
    },
  ],
  exports: [
    ENGINE_CONFIG,
    EVENT_STORE,
    REDIS,
    VOLUME_VIEW_REPOSITORY,
    VolumeReader,
    STORAGE_BACKEND,
    BACKEND_JOB_QUEUE,
    BACKEND_REGISTRY,
    COMPUTE_SERVICE,
    IMAGE_SERVICE,
  ],
})
export class InfrastructureModule implements OnApplicationShutdown {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(BACKEND_JOB_QUEUE) private readonly queue: BackendJobQueue,
  ) {}

  // Runs after every module's onModuleDestroy: workers and followers have stopped by now.
  async onApplicationShutdown() {
    await this.queue.close();
    this.redis.disconnect();
    await this.store.close();
  }
}
