import { Redis } from 'ioredis';
import { redisOptions } from '@app/config';
import { CinderClient } from './support/cinder-client';
import { cli } from './support/cli';
import { engineEnv, REDIS_URL, startHttpEngine, waitFor, type EngineEnv, type EngineProcess } from './support/engine-process';

describe('verify and rebuild against the running engine\'s read model', () => {
  let env: EngineEnv;
  let engine: EngineProcess;
  let cinder: CinderClient;
  let redis: Redis;
  const volumes: string[] = [];

  /** The raw views in Redis, wherever the active generation keeps them. */
  async function storedViews(): Promise<Record<string, unknown>> {
    const base = (await redis.get(`${env.QUEUE_PREFIX}:projection:volumes:generation`)) ?? env.QUEUE_PREFIX;
    const views: Record<string, unknown> = {};
    for (const id of volumes) views[id] = JSON.parse((await redis.hget(`${base}:volume:${id}`, 'view')) ?? 'null');
    return views;
  }

  beforeAll(async () => {
    env = await engineEnv();
    const started = await startHttpEngine('all-in-one', env);
    engine = started.engine;
    cinder = new CinderClient(started.base);
    redis = new Redis(redisOptions(REDIS_URL));
    for (let i = 0; i < 4; i++) {
      const { id } = await cinder.createVolume(1);
      volumes.push(id);
      await cinder.waitForStatus(id, 'available');
    }
    expect((await cinder.action(volumes[0], { 'os-extend': { new_size: 2 } })).status).toBe(202);
    await cinder.waitForStatus(volumes[0], 'available');
    // GET tops the view up from the log; verify judges what the projector stored, so wait for it.
    await waitFor(async () => Object.values(await storedViews()).every((v) => (v as { status?: string })?.status === 'available'), 10000);
  });

  afterAll(async () => {
    await engine?.kill();
    redis?.disconnect();
  });

  it('verify passes when the read model is the fold of the log (exit 0)', async () => {
    const { code, stdout } = await cli(['verify'], env);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Checked \d+ events of 4 volumes: the log and the read model agree\.$/m);
  });

  it('verify catches a view edited in Redis, naming each drifted field (exit 4)', async () => {
    const key = `${env.QUEUE_PREFIX}:volume:${volumes[1]}`;
    const view = JSON.parse((await redis.hget(key, 'view'))!);
    await redis.hset(key, 'view', JSON.stringify({ ...view, size: 40, status: 'error' }));

    const text = await cli(['verify'], env);
    const report = await cli(['verify', '--json'], env);

    expect(text.code).toBe(4);
    expect(text.stdout).toContain(`DRIFT  ${volumes[1]} size: log says 1, read model has 40`);
    expect(text.stdout).toContain(`DRIFT  ${volumes[1]} status: log says "available", read model has "error"`);
    expect(report.code).toBe(4);
    expect(JSON.parse(report.stdout)).toMatchObject({
      ok: false,
      breaches: [],
      drift: [{ volume_id: volumes[1], fields: [{ field: 'status', expected: 'available', actual: 'error' }, { field: 'size', expected: 1, actual: 40 }] }],
    });
  });

  it('rebuild VOLUME repairs that view in place', async () => {
    const { code, stdout } = await cli(['rebuild', volumes[1]], env);
    expect(code).toBe(0);
    expect(stdout).toMatch(new RegExp(`Rebuilt the view of ${volumes[1]} at revision 1`));
    expect((await cli(['verify'], env)).code).toBe(0);
  });

  it('rebuild swaps in a new generation while the engine keeps answering, with the same views', async () => {
    const before = await storedViews();
    const shown = await Promise.all(volumes.map((id) => cinder.getVolume(id)));
    let answered = 0;
    const failures: number[] = [];
    let rebuilding = true;
    const readers = (async () => {
      while (rebuilding) {
        for (const id of volumes) {
          const { status } = await cinder.request('GET', `/v3/${cinder.project}/volumes/${id}`);
          if (status === 200) answered++;
          else failures.push(status);
        }
      }
    })();

    const result = await cli(['rebuild', '--json'], env);
    rebuilding = false;
    await readers;

    expect(result.code).toBe(0);
    const rebuilt = JSON.parse(result.stdout);
    expect(rebuilt).toMatchObject({ previous: env.QUEUE_PREFIX, views: 4, dropped: 4 });
    expect(rebuilt.events_per_second).toBeGreaterThan(0);
    expect(await redis.get(`${env.QUEUE_PREFIX}:projection:volumes:generation`)).toBe(rebuilt.generation);
    expect(failures).toEqual([]);
    expect(answered).toBeGreaterThan(0);
    expect(await storedViews()).toEqual(before);
    expect(await Promise.all(volumes.map((id) => cinder.getVolume(id)))).toEqual(shown);
  });

  it('the live projector goes on in the new generation, and verify still passes', async () => {
    const generation = (await redis.get(`${env.QUEUE_PREFIX}:projection:volumes:generation`))!;
    const { id } = await cinder.createVolume(1);
    await waitFor(async () => JSON.parse((await redis.hget(`${generation}:volume:${id}`, 'view')) ?? '{}').status === 'available', 10000);
    expect(await redis.exists(`${env.QUEUE_PREFIX}:volume:${id}`)).toBe(0);
    expect((await cli(['verify'], env)).code).toBe(0);
  });

  it('rebuild shows progress with the rate on stderr when asked', async () => {
    const { code, stdout, stderr } = await cli(['rebuild', '--progress'], env);
    expect(code).toBe(0);
    expect(stdout).toMatch(/Rebuilt 5 volume views from \d+ events in [\d.]+ s \([\d,]+ events\/s\)/);
    expect(stderr).toMatch(/rebuild \[#+\] 100% .* ev\/s/);
  });
});
