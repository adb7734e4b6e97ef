import { CinderClient } from './support/cinder-client';
import { cli } from './support/cli';
import { CliProcess } from './support/cli-process';
import { engineEnv, startHttpEngine, type EngineEnv, type EngineProcess } from './support/engine-process';

describe('following and watching the running engine', () => {
  let env: EngineEnv;
  let engine: EngineProcess;
  let cinder: CinderClient;

  beforeAll(async () => {
    // Every extend waits a minute in the backend: the volume stays `extending` meanwhile.
    env = await engineEnv({ STORAGE_BACKEND: 'faulty-file', BACKEND_DELAYS: 'extend.before=60000' });
    const started = await startHttpEngine('all-in-one', env);
    engine = started.engine;
    cinder = new CinderClient(started.base);
  });

  afterAll(async () => {
    // A graceful stop would wait out the held extend's minute.
    await engine?.kill('SIGKILL');
  });

  it('tail prints new events as they happen, filtered, and ends normally on SIGINT', async () => {
    const earlier = (await cinder.createVolume(1)).id;
    await cinder.waitForStatus(earlier, 'available');
    const all = CliProcess.start(['tail'], env);
    const created = CliProcess.start(['tail', '--json', '--type', 'VolumeCreated'], env);
    await all.waitForStderr(/Following volume events after position \d+/);
    await created.waitForStderr(/Following volume events/);

    const { id } = await cinder.createVolume(1);
    await all.waitForStdout(new RegExp(`${id}  #1  VolumeCreated  by cinder-engine@service \\(service\\) .* creating -> available`));
    await created.waitForStdout(new RegExp(id));

    expect(all.stdout).toMatch(new RegExp(`${id}  #0  VolumeCreateRequested  by admin@e2eproject  request req-[0-9a-f-]+  - -> creating`));
    expect(all.stdout).not.toContain(earlier);
    expect(await all.stop('SIGINT')).toBe(0);
    expect(await created.stop('SIGINT')).toBe(0);
    const lines = created.stdout.trim().split('\n').map((line) => JSON.parse(line));
    expect(lines).toEqual([expect.objectContaining({ volume_id: id, revision: 1, type: 'VolumeCreated', status_before: 'creating', status_after: 'available' })]);
  });

  describe('a volume held in extending by a slow backend', () => {
    let id: string;

    beforeAll(async () => {
      id = (await cinder.createVolume(1)).id;
      await cinder.waitForStatus(id, 'available');
      expect((await cinder.action(id, { 'os-extend': { new_size: 2 } })).status).toBe(202);
      await cinder.waitForStatus(id, 'extending');
      await new Promise((r) => setTimeout(r, 1500));
    });

    it('stuck lists it with its pending operation and since when (exit 4)', async () => {
      const { code, stdout } = await cli(['stuck', '--older-than', '1s', '--json'], env);
      expect(code).toBe(4);
      const [stuck, ...others] = JSON.parse(stdout);
      expect(others).toEqual([]);
      expect(stuck).toMatchObject({ volume_id: id, project_id: 'e2eproject', status: 'extending', waiting_for: 'job', pending: { kind: 'extend', new_size: 2 } });
      expect(Date.now() - Date.parse(stuck.since)).toBeGreaterThan(1000);
      expect(stuck.age_seconds).toBeGreaterThanOrEqual(1);

      const table = await cli(['stuck', '--older-than', '1s'], env);
      expect(table.stdout).toMatch(new RegExp(`${id}\\s+e2eproject\\s+extending\\s+engine job\\s+extend `));
    });

    it('stuck leaves it out under a longer threshold (exit 0)', async () => {
      const { code, stdout } = await cli(['stuck', '--older-than', '1h'], env);
      expect(code).toBe(0);
      expect(stdout).toBe('No volume has been in a transitional status for more than 1h.\n');
    });

    it('verify accepts it: extending with its operation pending is consistent', async () => {
      expect((await cli(['verify'], env)).code).toBe(0);
    });
  });
});
