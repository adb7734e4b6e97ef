import { stat } from 'node:fs/promises';
import { EngineLog, volumeFile } from '@app/testing';
import { CinderClient } from './support/cinder-client';
import { EngineProcess, engineEnv, startHttpEngine, waitFor, type EngineEnv } from './support/engine-process';

const GiB = 1024 ** 3;

/**
 * The API only appends events; the reactor in the worker turns them into jobs. So an API process
 * killed (SIGKILL) right after it recorded `...Requested` events, some of its requests answered and
 * some still in flight, loses no operation: every request that was recorded is carried out, once,
 * and a request that was not recorded changes nothing.
 */
describe('the API killed (SIGKILL) right after it recorded requests', () => {
  let env: EngineEnv;
  let api: EngineProcess;
  let worker: EngineProcess;
  let log: EngineLog;

  beforeAll(async () => {
    env = await engineEnv({ SERVICE_REPORT_INTERVAL_MS: '200' });
    log = new EngineLog(env.DATA_DIR);
  });

  afterAll(async () => {
    await log?.close();
    await Promise.all([api?.kill(), worker?.kill()]);
  });

  it('carries out every recorded extend once, and nothing else', async () => {
    const started = await startHttpEngine('api', env);
    api = started.engine;
    const cinder = new CinderClient(started.base);
    worker = EngineProcess.start('worker', env);
    await waitFor(async () => (await cinder.request('GET', `/v3/${cinder.project}/os-services`)).json?.services?.length === 1, 20000,
      () => worker.logs);
    const volumes = await Promise.all(Array.from({ length: 8 }, () => cinder.createVolume(1)));
    await Promise.all(volumes.map((v) => cinder.waitForStatus(v.id, 'available')));

    // Eight extends at once; the API dies as soon as the first is answered.
    let killed: Promise<unknown> | null = null;
    const answers = await Promise.allSettled(
      volumes.map(async (v) => {
        const res = await cinder.action(v.id, { 'os-extend': { new_size: 2 } });
        killed ??= api.kill('SIGKILL');
        return res.status;
      }),
    );
    await killed;
    expect(answers.some((a) => a.status === 'fulfilled' && a.value === 202)).toBe(true);

    let recorded = 0;
    for (const [i, v] of volumes.entries()) {
      if ((await log.count(v.id, 'VolumeExtendRequested')) === 0) {
        // Never recorded: its request was lost with the API, as a client that got no answer knows.
        expect(answers[i].status === 'rejected' || (answers[i] as PromiseFulfilledResult<number>).value !== 202).toBe(true);
        continue;
      }
      recorded++;
      await log.waitForEvent(v.id, ['VolumeExtended', 'VolumeExtendFailed']);
      expect(await log.count(v.id, 'VolumeExtended')).toBe(1);
      const state = await log.state(v.id);
      expect(state).toMatchObject({ status: 'available', size: 2 });
      expect((await stat(volumeFile(env.DATA_DIR, (state as { host: string }).host, v.id))).size).toBe(2 * GiB);
    }
    expect(recorded).toBeGreaterThanOrEqual(1);

    // A new API shows the outcome.
    const restarted = await startHttpEngine('api', env);
    api = restarted.engine;
    const again = new CinderClient(restarted.base);
    for (const v of volumes) expect((await again.getVolume(v.id)).status).toBe('available');
  });
});
