import { CinderClient } from './support/cinder-client';
import { engineEnv, startHttpEngine, waitFor, type EngineProcess } from './support/engine-process';

const tooMany = { overLimit: { code: 413, message: "VolumeLimitExceeded: Maximum number of volumes allowed (2) exceeded for quota 'volumes'.", retryAfter: '0' } };
const tooBig = (requested: number, consumed: number) => ({
  overLimit: {
    code: 413,
    message: `VolumeSizeExceedsAvailableQuota: Requested volume or snapshot exceeds allowed gigabytes quota. Requested ${requested}G, quota is 5G and ${consumed}G has been consumed.`,
    retryAfter: '0',
  },
});

describe('project quotas (volumes 2, gigabytes 5)', () => {
  const engines: EngineProcess[] = [];
  afterAll(() => Promise.all(engines.map((e) => e.kill())));

  const start = async (extra: Record<string, string> = {}) => {
    const started = await startHttpEngine('all-in-one', await engineEnv({ QUOTA_VOLUMES: '2', QUOTA_GIGABYTES: '5', ...extra }));
    engines.push(started.engine);
    return new CinderClient(started.base, 'quota-project');
  };
  const create = (cinder: CinderClient, size: number) =>
    cinder.request('POST', `/v3/${cinder.project}/volumes`, { body: { volume: { size } } });

  it('refuses creates and extends past the quota with 413, and gives quota back when a volume is deleted', async () => {
    const cinder = await start();
    const first = (await create(cinder, 1)).json.volume.id;
    const second = (await create(cinder, 1)).json.volume.id;
    await cinder.waitForStatus(first, 'available');
    await cinder.waitForStatus(second, 'available');

    const third = await create(cinder, 1);
    expect(third.status).toBe(413);
    expect(third.json).toEqual(tooMany);
    expect(third.headers.get('retry-after')).toBe('0');

    expect((await cinder.action(first, { 'os-extend': { new_size: 4 } })).status).toBe(202);
    await cinder.waitForStatus(first, 'available');
    const over = await cinder.action(second, { 'os-extend': { new_size: 2 } });
    expect(over.status).toBe(413);
    expect(over.json).toEqual(tooBig(1, 5));
    expect((await cinder.getVolume(second)).status).toBe('available');

    expect((await cinder.request('DELETE', `/v3/${cinder.project}/volumes/${first}`)).status).toBe(202);
    await waitFor(async () => (await create(cinder, 1)).status === 202, 20000);
  });

  it('gives back the gigabytes of an extend the backend failed', async () => {
    const cinder = await start({ STORAGE_BACKEND: 'faulty-file', BACKEND_FAILURES: 'extend.before' });
    const id = (await create(cinder, 1)).json.volume.id;
    await cinder.waitForStatus(id, 'available');
    expect((await cinder.action(id, { 'os-extend': { new_size: 5 } })).status).toBe(202);
    await cinder.waitForStatus(id, 'error_extending');
    // 1G held by the volume, 4G more by its extend until the failure gives them back.
    await waitFor(async () => (await create(cinder, 4)).status === 202, 20000);
  });
});
