import { Queue } from 'bullmq';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { redisOptions } from '@app/config';
import { CinderClient } from './support/cinder-client';
import { historyOf } from './support/cli';
import { EngineProcess, engineEnv, startHttpEngine, waitFor, type EngineEnv } from './support/engine-process';

describe('a worker killed (SIGKILL) in the middle of an extend', () => {
  let env: EngineEnv;
  let api: EngineProcess;
  const workers: EngineProcess[] = [];
  let cinder: CinderClient;
  let queue: Queue;

  beforeAll(async () => {
    env = await engineEnv({
      STORAGE_BACKEND: 'faulty-file',
      // Long enough to kill the worker while the job runs; a dead worker's job is retried once its lock expires.
      BACKEND_DELAYS: 'extend.before=5000',
      JOB_LOCK_DURATION_MS: '2000',
    });
    const started = await startHttpEngine('api', env);
    api = started.engine;
    cinder = new CinderClient(started.base);
    queue = new Queue('volume-operations', { connection: redisOptions(env.REDIS_URL), prefix: env.QUEUE_PREFIX });
  });

  afterAll(async () => {
    await queue?.close();
    await Promise.all([api, ...workers].map((p) => p?.kill()));
  });

  const startWorker = (extra: Record<string, string> = {}) => {
    const worker = EngineProcess.start('worker', { ...env, ...extra });
    workers.push(worker);
    return worker;
  };

  it('ends available with the new size and exactly one VolumeExtended', async () => {
    const first = startWorker({ BACKEND_DELAYS: 'extend.before=5000' });
    // Until the worker reports its pool, the scheduler has nowhere to place a volume.
    await waitFor(async () => (await cinder.request('GET', `/v3/${cinder.project}/os-services`)).json?.services?.length === 1, 20000,
      () => first.logs);
    const { id } = await cinder.createVolume(1);
    await cinder.waitForStatus(id, 'available');

    expect((await cinder.action(id, { 'os-extend': { new_size: 4 } })).status).toBe(202);
    await waitFor(async () => (await queue.getJobs(['active'])).some((j) => j.name === 'extend_volume'), 10000,
      () => `the extend job never became active:\n${first.logs}`);

    await first.kill('SIGKILL');
    expect((await cinder.getVolume(id)).status).toBe('extending');

    // A fresh worker, without the injected delay, picks the stalled job up.
    startWorker({ BACKEND_DELAYS: '' });
    await cinder.waitForStatus(id, 'available', 30000);

    expect(await cinder.getVolume(id)).toMatchObject({ status: 'available', size: 4 });
    const file = join(env.DATA_DIR, 'backends', 'engine@file#default', `volume-${id}`);
    expect((await stat(file)).size).toBe(4 * 1024 ** 3);
    const types = (await historyOf(id, env)).map((e) => e.type);
    expect(types).toEqual(['VolumeCreateRequested', 'VolumeCreated', 'VolumeExtendRequested', 'VolumeExtended']);
  });
});
