import { Redis } from 'ioredis';
import { redisOptions } from '@app/config';
import { describeBackendRegistryContract } from './backend-registry.contract';
import { RedisBackendRegistry } from './redis-backend-registry';

describeBackendRegistryContract('Redis', async () => {
  const redis = new Redis(redisOptions(process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379/13'));
  const prefix = `it-${Math.random().toString(36).slice(2)}`;
  return {
    registry: new RedisBackendRegistry(redis, prefix),
    cleanup: async () => {
      await redis.del(`${prefix}:services:cinder-volume`);
      redis.disconnect();
    },
  };
});
