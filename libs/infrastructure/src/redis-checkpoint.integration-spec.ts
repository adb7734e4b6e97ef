import { Redis } from 'ioredis';
import { redisOptions } from '@app/config';
import { RedisCheckpoint } from './redis-checkpoint';

describe('RedisCheckpoint', () => {
  it('has none at first, then keeps the position exactly, beyond 2^53 too', async () => {
    const redis = new Redis(redisOptions(process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379/13'));
    const key = `it-${Math.random().toString(36).slice(2)}:checkpoint`;
    try {
      const checkpoint = new RedisCheckpoint(redis, key);
      expect(await checkpoint.read()).toBeUndefined();
      await checkpoint.save(9007199254740993n);
      expect(await checkpoint.read()).toBe(9007199254740993n);
    } finally {
      await redis.del(key);
      redis.disconnect();
    }
  });
});
