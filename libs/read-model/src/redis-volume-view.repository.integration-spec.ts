import { Redis } from 'ioredis';
import { redisOptions } from '@app/config';
import { RedisVolumeViewRepository } from './redis-volume-view.repository';
import { describeVolumeViewRepositoryContract } from './volume-view.repository.contract';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379/13';

describeVolumeViewRepositoryContract('Redis', async () => {
  const redis = new Redis(redisOptions(REDIS_URL));
  const prefix = `it-${Math.random().toString(36).slice(2)}`;
  return {
    repository: new RedisVolumeViewRepository(redis, prefix),
    cleanup: async () => {
      const keys = await redis.keys(`${prefix}:*`);
      if (keys.length) await redis.del(...keys);
      redis.disconnect();
    },
  };
});
