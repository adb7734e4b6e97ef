import type { Redis } from 'ioredis';
import type { BackendRegistry, ServiceReport } from './backend-registry.port';

/** Service reports in one Redis hash; an entry outlives a dead service so it can be listed as down. */
export class RedisBackendRegistry implements BackendRegistry {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  private get key() {
    return `${this.prefix}:services:cinder-volume`;
  }

  async report(service: ServiceReport) {
    await this.redis.hset(this.key, service.host, JSON.stringify(service));
  }

  async services(): Promise<ServiceReport[]> {
    const all = await this.redis.hgetall(this.key);
    return Object.values(all)
      .map((json) => JSON.parse(json) as ServiceReport)
      .sort((a, b) => a.host.localeCompare(b.host));
  }

  async close() {}
}
