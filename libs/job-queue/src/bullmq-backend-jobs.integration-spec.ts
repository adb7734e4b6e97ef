import { Redis } from 'ioredis';
import { randomUUID } from 'node:crypto';
import { redisOptions } from '@app/config';
import type { BackendJob, JobControl } from './backend-job';
import { BullMqBackendJobQueue, BullMqBackendJobRunner } from './bullmq-backend-jobs';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379/13';

async function until(check: () => Promise<boolean>, timeoutMs = 10000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('BullMQ backend jobs', () => {
  const prefix = `jobs-${randomUUID().slice(0, 8)}`;
  const settings = { connection: redisOptions(REDIS_URL), prefix, concurrency: 2, lockDurationMs: 1000, attempts: 2 };
  let queue: BullMqBackendJobQueue;
  let runner: BullMqBackendJobRunner;
  const job = (suffix: string): BackendJob => ({
    name: 'extend_volume', id: `extend_volume-${suffix}`, data: { volume_id: 'v', operation_id: `op-${suffix}`, event_id: suffix },
  });

  beforeEach(() => {
    queue = new BullMqBackendJobQueue(settings);
    runner = new BullMqBackendJobRunner(settings);
  });
  afterEach(async () => {
    await runner.close();
    await queue.close();
    const redis = new Redis(redisOptions(REDIS_URL));
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
  });

  it('knows no job it was never given, and adds a job once under its id', async () => {
    expect(await queue.status('extend_volume-none')).toBeNull();
    await queue.enqueue(job('a'));
    await queue.enqueue(job('a'));
    expect(await queue.status('extend_volume-a')).toMatchObject({ state: 'waiting', attemptsMade: 0 });
  });

  it('runs a job with progress and a checkpoint that a later run sees', async () => {
    const seen: Array<JobControl['checkpoint']> = [];
    let runs = 0;
    await runner.start(async (_job, control) => {
      seen.push(control.checkpoint);
      await control.reportProgress(40);
      await control.saveCheckpoint({ step: 'copied' });
      if (++runs === 1) throw new Error('transient');
      return 'done';
    });
    await queue.enqueue(job('b'));
    await until(async () => (await queue.status('extend_volume-b'))?.state === 'completed');
    expect(seen).toEqual([null, { step: 'copied' }]);
  });

  it('keeps a job that failed for good as failed, with its reason, and requeues it on demand', async () => {
    let fail = true;
    await runner.start(async () => {
      if (fail) throw new Error('disk on fire');
      return 'ok';
    });
    await queue.enqueue(job('c'));
    await until(async () => (await queue.status('extend_volume-c'))?.state === 'failed');
    expect(await queue.status('extend_volume-c')).toMatchObject({ state: 'failed', failedReason: 'disk on fire', attemptsMade: 2 });
    fail = false;
    await queue.requeue(job('c'));
    await until(async () => (await queue.status('extend_volume-c'))?.state === 'completed');
  });

  it('leaves a live job alone when asked to requeue it', async () => {
    await queue.enqueue(job('d'));
    await queue.requeue(job('d'));
    expect(await queue.status('extend_volume-d')).toMatchObject({ state: 'waiting' });
  });
});
