import { Queue, UnrecoverableError, Worker } from 'bullmq';
import { redisOptions } from '@app/config';
import { commands, EngineLog, fileExists, guestDataOf, snapshotFile, writeGuestData, volumeFile } from '@app/testing';
import { CinderClient } from './support/cinder-client';
import { EngineProcess, engineEnv, startHttpEngine, waitFor, type EngineEnv } from './support/engine-process';

/**
 * No volume stays in a transitional status without a live job. Three operations lose theirs
 * while a killed worker held them: one whose backend work had finished (its job then vanished),
 * one whose job then failed for good, one whose job vanished before any work. A worker's watchdog
 * finds each once it has been pending past STUCK_AFTER_MS, and settles it: the first completed,
 * the second failed with the job's reason, the third run again.
 */
describe('the watchdog settles operations whose jobs were lost', () => {
  let env: EngineEnv;
  let api: EngineProcess;
  let worker: EngineProcess;
  let cinder: CinderClient;
  let log: EngineLog;
  let queue: Queue;

  beforeAll(async () => {
    env = await engineEnv({
      SERVICE_REPORT_INTERVAL_MS: '200',
      STORAGE_BACKEND: 'faulty-file',
      JOB_LOCK_DURATION_MS: '1000',
    });
    const started = await startHttpEngine('api', env);
    api = started.engine;
    cinder = new CinderClient(started.base, 'e2eproject', { 'OpenStack-API-Version': 'volume 3.71' });
    log = new EngineLog(env.DATA_DIR);
    queue = new Queue('volume-operations', { connection: redisOptions(env.REDIS_URL), prefix: env.QUEUE_PREFIX });
    worker = EngineProcess.start('worker', env);
    await waitFor(async () => (await cinder.request('GET', `/v3/${cinder.project}/os-services`)).json?.services?.length === 1, 20000,
      () => worker.logs);
  });

  afterAll(async () => {
    await queue?.close();
    await log?.close();
    await Promise.all([api?.kill(), worker?.kill()]);
  });

  it('completes what the backend finished, fails what failed for good, runs again what it cannot tell', async () => {
    const [snapped, extended, reverted] = await Promise.all([1, 2, 3].map(() => cinder.createVolume(1)));
    for (const v of [snapped, extended, reverted]) await cinder.waitForStatus(v.id, 'available');
    const host = (await cinder.getVolume(reverted.id))['os-vol-host-attr:host'];
    const file = volumeFile(env.DATA_DIR, host, reverted.id);
    await writeGuestData(file, 'OLD');
    const snapshot = commands.createSnapshot(reverted.id);
    await log.execute(snapshot);
    await log.waitForEvent(reverted.id, ['SnapshotCreated']);
    await writeGuestData(file, 'NEW');

    // A worker holds the three, and dies.
    await worker.kill();
    const doomed = EngineProcess.start('worker', { ...env, BACKEND_DELAYS: 'snapshot_create.after=60000,extend.before=60000,revert.before=60000' });
    const created = commands.createSnapshot(snapped.id);
    await log.execute(created);
    expect((await cinder.action(extended.id, { 'os-extend': { new_size: 2 } })).status).toBe(202);
    expect((await cinder.action(reverted.id, { revert: { snapshot_id: (snapshot.data as { snapshot_id: string }).snapshot_id } })).status).toBe(202);
    for (const [point, v] of [['snapshot_create.after', snapped], ['extend.before', extended], ['revert.before', reverted]] as const) {
      await doomed.waitForLog(new RegExp(`Fault point ${point} reached for volume ${v.id}`));
    }
    await doomed.kill('SIGKILL');

    // Their jobs are lost: two vanish (a Redis that lost them), one fails for good elsewhere.
    const jobOf = async (volumeId: string, requested: string, name: string) =>
      `${name}-${(await log.events(volumeId)).filter((e) => e.type === requested).pop()!.id}`;
    const snapshotJob = await jobOf(snapped.id, 'SnapshotCreateRequested', 'create_snapshot');
    const extendJob = await jobOf(extended.id, 'VolumeExtendRequested', 'extend_volume');
    const revertJob = await jobOf(reverted.id, 'VolumeRevertRequested', 'revert_volume');
    for (const id of [snapshotJob, revertJob]) {
      // An active job can be removed once the dead worker's lock on it has expired.
      await waitFor(async () => (await queue.getJob(id))?.remove().then(() => true, () => false) ?? true, 10000);
    }
    const failer = new Worker('volume-operations', async () => {
      throw new UnrecoverableError('the disk caught fire');
    }, { connection: redisOptions(env.REDIS_URL), prefix: env.QUEUE_PREFIX, lockDuration: 1000, stalledInterval: 500 });
    await waitFor(async () => (await (await queue.getJob(extendJob))?.getState()) === 'failed', 15000);
    await failer.close();
    for (const v of [snapped, extended, reverted]) expect((await log.types(v.id)).slice(-1)[0]).toMatch(/Requested$/);

    // A worker whose watchdog calls an operation stuck after 1.5 s.
    worker = EngineProcess.start('worker', { ...env, STUCK_AFTER_MS: '1500', WATCHDOG_INTERVAL_MS: '300' });
    const snapshotId = (created.data as { snapshot_id: string }).snapshot_id;
    await log.waitForEvent(snapped.id, ['SnapshotCreated', 'SnapshotCreateFailed'], 20000);
    await log.waitForEvent(extended.id, ['VolumeExtended', 'VolumeExtendFailed'], 20000);
    await log.waitForEvent(reverted.id, ['VolumeReverted', 'VolumeRevertFailed'], 20000);

    expect(await log.count(snapped.id, 'SnapshotCreated')).toBe(1);
    expect(await log.state(snapped.id)).toMatchObject({ snapshots: [{ id: snapshotId, status: 'available' }] });
    expect(await fileExists(snapshotFile(env.DATA_DIR, (await cinder.getVolume(snapped.id))['os-vol-host-attr:host'], snapshotId))).toBe(true);
    expect(worker.logs).toMatch(new RegExp(`create_snapshot of volume ${snapped.id} .* has no live job \\(no job\\); the backend shows it finished: recorded SnapshotCreated`));

    const failed = (await log.events(extended.id)).find((e) => e.type === 'VolumeExtendFailed')!;
    expect(failed.data.reason).toBe('The backend job failed: the disk caught fire');
    expect((await cinder.getVolume(extended.id)).status).toBe('error_extending');

    expect(await log.count(reverted.id, 'VolumeReverted')).toBe(1);
    expect(worker.logs).toMatch(new RegExp(`revert_volume of volume ${reverted.id} .* the backend cannot tell whether it finished: enqueued job ${revertJob} again`));
    expect((await cinder.getVolume(reverted.id)).status).toBe('available');
    expect(await guestDataOf(file)).toBe('OLD');
  });
});
