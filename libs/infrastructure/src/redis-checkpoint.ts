import type { Redis } from 'ioredis';

/** A follower's checkpoint kept in one Redis key: for followers whose checkpoint is safe to lose. */
export class RedisCheckpoint {
  constructor(
    private readonly redis: Redis,
    private readonly key: string,
  ) {}

  async read(): Promise<bigint | undefined> {
    const saved = await this.redis.get(this.key);
    return saved === null ? undefined : BigInt(saved);
  }

  async save(position: bigint): Promise<void> {
    await this.redis.set(this.key, position.toString());
  }
}
