import { Redis } from 'ioredis';
import { join } from 'node:path';
import { loadConfig, redisOptions, type EngineConfig } from '@app/config';
import { createEventStore, type EventStore } from '@app/event-store';
import { RedisViewGenerations, RedisVolumeViewRepository } from '@app/read-model';

/**
 * What the commands work on, opened on first use with the engine's own settings (loadConfig), so
 * the CLI reads the same SQLite file or EventStoreDB and the same Redis views as the engine.
 */
export class CliResources {
  private openStore: EventStore | null = null;
  private openRedis: Redis | null = null;
  private loadedConfig: EngineConfig | null = null;

  get config(): EngineConfig {
    this.loadedConfig ??= loadConfig();
    return this.loadedConfig;
  }

  store(): EventStore {
    this.openStore ??= createEventStore({
      kind: this.config.eventStore,
      sqlitePath: join(this.config.dataDir, 'events.sqlite'),
      connectionString: this.config.eventStoreConnectionString ?? undefined,
    });
    return this.openStore;
  }

  views(): RedisVolumeViewRepository {
    return new RedisVolumeViewRepository(this.redis(), this.config.queuePrefix);
  }

  generations(): RedisViewGenerations {
    return new RedisViewGenerations(this.redis(), this.config.queuePrefix);
  }

  async close(): Promise<void> {
    this.openRedis?.disconnect();
    await this.openStore?.close();
  }

  private redis(): Redis {
    if (!this.openRedis) {
      // Unlike the engine, a command should fail soon when Redis is away, not wait for it forever.
      this.openRedis = new Redis({
        ...redisOptions(this.config.redisUrl),
        maxRetriesPerRequest: 1,
        retryStrategy: (attempt) => (attempt > 3 ? null : 200),
      });
      // Failures reach the command through its rejected calls; this only keeps ioredis quiet.
      this.openRedis.on('error', () => undefined);
    }
    return this.openRedis;
  }
}
