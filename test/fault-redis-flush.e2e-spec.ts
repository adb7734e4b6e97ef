import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { redisOptions } from '@app/config';
import { RedisVolumeViewRepository } from '@app/read-model';
import { commands, EngineLog, guestDataOf, volumeFile, writeGuestData } from '@app/testing';
import { CinderClient } from './support/cinder-client';
import { EngineProcess, engineEnv, startHttpEngine, waitFor, type EngineEnv } from './support/engine-process';

/** A database of this suite's own: FLUSHDB wipes it, and nothing else. */
const REDIS_URL = 'redis://127.0.0.1:6379/15';

/**
 * Redis holds only what derives from the event log. Flushed mid-run (an operation running, another
 * waiting in the queue), the engine re-runs nothing that had finished, loses nothing pending (the
 * worker notices the loss and replays the log: pending operations get their jobs back), and its
 * read models come back.
 */
describe('the Redis database flushed mid-run', () => {
  let env: EngineEnv;
  let api: EngineProcess;
  let worker: EngineProcess;
  let cinder: CinderClient;
  let log: EngineLog;
  let redis: Redis;
  let queue: Queue;

  beforeAll(async () => {
    env = await engineEnv({
      REDIS_URL,
      BACKENDS: 'node1@file#a:100,node1@file#b:100',
      SERVICE_REPORT_INTERVAL_MS: '200',
      STORAGE_BACKEND: 'faulty-file',
      BACKEND_DELAYS: 'migrate.during=4000',
      JOB_LOCK_DURATION_MS: '2000',
      WORKER_CONCURRENCY: '1',
      WATCHDOG_INTERVAL_MS: '300',
    });
    redis = new Redis(redisOptions(REDIS_URL));
    queue = new Queue('volume-operations', { connection: redisOptions(REDIS_URL), prefix: env.QUEUE_PREFIX });
    const started = await startHttpEngine('api', env);
    api = started.engine;
    cinder = new CinderClient(started.base);
    log = new EngineLog(env.DATA_DIR);
    worker = EngineProcess.start('worker', env);
    await waitFor(async () => (await cinder.request('GET', `/v3/${cinder.project}/os-services`)).json?.services?.length === 1, 20000,
      () => worker.logs);
  });

  afterAll(async () => {
    await queue?.close();
    redis?.disconnect();
    await log?.close();
    await Promise.all([api?.kill(), worker?.kill()]);
  });

  it('re-runs nothing finished, loses nothing pending, and rebuilds the read models', async () => {
    // Finished before the flush: three creates and an extend.
    const [v1, v2, v3] = await Promise.all([1, 2, 3].map(() => cinder.createVolume(1)));
    for (const v of [v1, v2, v3]) await cinder.waitForStatus(v.id, 'available');
    expect((await cinder.action(v1.id, { 'os-extend': { new_size: 2 } })).status).toBe(202);
    await log.waitForEvent(v1.id, ['VolumeExtended']);
    const host2 = (await cinder.getVolume(v2.id))['os-vol-host-attr:host'];
    await writeGuestData(volumeFile(env.DATA_DIR, host2, v2.id), 'MOVING');

    // Pending at the flush: a migration in the middle of its copy, a snapshot waiting behind it.
    const destination = host2 === 'node1@file#a' ? 'node1@file#b' : 'node1@file#a';
    expect((await cinder.action(v2.id, { 'os-migrate_volume': { host: destination } })).status).toBe(202);
    await worker.waitForLog(new RegExp(`Fault point migrate.during reached for volume ${v2.id}`));
    const snapshot = commands.createSnapshot(v3.id);
    await log.execute(snapshot);
    const snapshotJob = `create_snapshot-${(await log.events(v3.id)).find((e) => e.type === 'SnapshotCreateRequested')!.id}`;
    await waitFor(async () => (await queue.getJob(snapshotJob)) !== undefined, 10000);
    expect(await (await queue.getJob(snapshotJob))!.getState()).toBe('waiting');

    await redis.flushdb();
    expect(await queue.getJob(snapshotJob)).toBeUndefined();

    // Nothing pending is lost.
    await log.waitForEvent(v2.id, ['VolumeMigrated', 'VolumeMigrationFailed'], 30000);
    await log.waitForEvent(v3.id, ['SnapshotCreated', 'SnapshotCreateFailed'], 30000);
    expect(await log.count(v2.id, 'VolumeMigrated')).toBe(1);
    expect(await log.count(v3.id, 'SnapshotCreated')).toBe(1);
    expect(await guestDataOf(volumeFile(env.DATA_DIR, destination, v2.id))).toBe('MOVING');
    // Once when the worker met a new Redis, once after the flush.
    await waitFor(() => worker.logs.split('Read models and jobs rebuilt from the event log').length - 1 >= 2, 20000, () => worker.logs.slice(-3000));

    // Nothing finished ran again: each of their jobs ran once, each completion is recorded once.
    const jobsOf = async (volumeId: string, requested: string, name: string) =>
      (await log.events(volumeId)).filter((e) => e.type === requested).map((e) => `${name}-${e.id}`);
    const finished = [
      ...(await jobsOf(v1.id, 'VolumeCreateRequested', 'create_volume')),
      ...(await jobsOf(v2.id, 'VolumeCreateRequested', 'create_volume')),
      ...(await jobsOf(v3.id, 'VolumeCreateRequested', 'create_volume')),
      ...(await jobsOf(v1.id, 'VolumeExtendRequested', 'extend_volume')),
    ];
    for (const job of finished) expect([job, worker.logs.split(`Running ${job} `).length - 1]).toEqual([job, 1]);
    for (const v of [v1, v2, v3]) expect(await log.count(v.id, 'VolumeCreated')).toBe(1);
    expect(await log.count(v1.id, 'VolumeExtended')).toBe(1);

    // The read models come back, current to each volume's last event.
    const views = new RedisVolumeViewRepository(redis, env.QUEUE_PREFIX);
    await waitFor(async () => {
      for (const v of [v1, v2, v3]) {
        const view = await views.get(v.id);
        const head = (await log.events(v.id)).length - 1;
        if (!view || view.revision !== head) return false;
      }
      return true;
    }, 20000, () => worker.logs.slice(-3000));
    expect(await views.get(v1.id)).toMatchObject({ status: 'available', size: 2 });
    expect(await views.get(v2.id)).toMatchObject({ status: 'available', host: destination, migration_status: 'success' });
    expect(await cinder.getVolume(v2.id)).toMatchObject({ status: 'available', 'os-vol-host-attr:host': destination });
  });
});
