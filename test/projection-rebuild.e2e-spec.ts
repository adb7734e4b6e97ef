import { Redis } from 'ioredis';
import { join } from 'node:path';
import { findHeadPosition } from '@app/audit';
import { redisOptions } from '@app/config';
import { SqliteEventStore } from '@app/event-store';
import { dumpGeneration, RedisViewGenerations, RedisVolumeViewRepository, type ReadModelDump } from '@app/read-model';
import { CinderClient } from './support/cinder-client';
import { cli } from './support/cli';
import { EngineProcess, engineEnv, REDIS_URL, startHttpEngine, waitFor, type EngineEnv } from './support/engine-process';

/** The engine's read model in Redis and its log in SQLite, read from the outside. */
class ReadModel {
  readonly redis = new Redis(redisOptions(REDIS_URL));
  private readonly store: SqliteEventStore;
  private readonly views: RedisVolumeViewRepository;
  readonly generations: RedisViewGenerations;

  constructor(private readonly env: EngineEnv) {
    this.store = new SqliteEventStore(join(env.DATA_DIR, 'events.sqlite'));
    this.views = new RedisVolumeViewRepository(this.redis, env.QUEUE_PREFIX);
    this.generations = new RedisViewGenerations(this.redis, env.QUEUE_PREFIX);
  }

  checkpoint() {
    return this.views.checkpoint();
  }

  head() {
    return findHeadPosition(this.store);
  }

  async current() {
    const [checkpoint, head] = await Promise.all([this.checkpoint(), this.head()]);
    return checkpoint !== undefined && checkpoint === head;
  }

  async dump(): Promise<ReadModelDump> {
    return dumpGeneration(this.redis, await this.generations.activeBase());
  }

  async close() {
    this.redis.disconnect();
    await this.store.close();
  }
}

/** Every document count, so a comparison of two empty read models cannot pass by accident. */
const sizes = (dump: ReadModelDump) => ({
  views: Object.keys(dump.views).length,
  documents: Object.keys(dump.documents).length,
  indexes: Object.keys(dump.indexes).length,
});

describe('rebuilding the read model from zero beside the live one', () => {
  let env: EngineEnv;
  let engine: EngineProcess;
  let cinder: CinderClient;
  let model: ReadModel;

  beforeAll(async () => {
    env = await engineEnv();
    const started = await startHttpEngine('all-in-one', env);
    engine = started.engine;
    cinder = new CinderClient(started.base, 'rebuild-project', { 'OpenStack-API-Version': 'volume 3.64' });
    model = new ReadModel(env);
    await waitFor(async () => (await cinder.request('GET', `/v3/${cinder.project}/os-services`)).json?.services?.length === 1, 20000);
  });

  afterAll(async () => {
    await engine?.kill();
    await model?.close();
  });

  it('builds every view, list entry, snapshot and operation exactly as the live projector has them, and swaps with no downtime', async () => {
    const volumes: string[] = [];
    for (let i = 0; i < 6; i++) volumes.push((await cinder.createVolume(1, { name: `vol-${i}`, metadata: { i: String(i) } })).id);
    for (const id of volumes) await cinder.waitForStatus(id, 'available');
    await cinder.action(volumes[0], { 'os-extend': { new_size: 2 } });
    const snap = async (volumeId: string) =>
      (await cinder.request('POST', `/v3/${cinder.project}/snapshots`, { body: { snapshot: { volume_id: volumeId } } })).json.snapshot.id as string;
    const [s1, s2, s3] = [await snap(volumes[1]), await snap(volumes[2]), await snap(volumes[4])];
    for (const s of [s1, s2, s3]) {
      await waitFor(async () => (await cinder.request('GET', `/v3/${cinder.project}/snapshots/${s}`)).json.snapshot.status === 'available', 20000);
    }
    await cinder.request('DELETE', `/v3/${cinder.project}/snapshots/${s1}`);
    await cinder.request('DELETE', `/v3/${cinder.project}/volumes/${volumes[2]}?cascade=true`);
    await cinder.request('PUT', `/v3/${cinder.project}/volumes/${volumes[3]}`, { body: { volume: { name: 'renamed' } } });
    await cinder.waitForStatus(volumes[0], 'available');
    await waitFor(async () => (await cinder.request('GET', `/v3/${cinder.project}/operations?state=running`)).json.operations.length === 0, 20000);
    await waitFor(() => model.current(), 10000);

    const live = await model.dump();
    const lists = async () =>
      Promise.all(['volumes/detail', 'snapshots/detail', 'operations'].map(async (path) => (await cinder.request('GET', `/v3/${cinder.project}/${path}`)).json));
    const before = await lists();
    let reading = true;
    const failures: number[] = [];
    let answered = 0;
    const readers = (async () => {
      while (reading) {
        for (const path of ['volumes/detail', 'snapshots', 'operations']) {
          const { status } = await cinder.request('GET', `/v3/${cinder.project}/${path}`);
          if (status === 200) answered++;
          else failures.push(status);
        }
      }
    })();

    const result = await cli(['rebuild', '--json'], env);
    reading = false;
    await readers;

    expect(result.code).toBe(0);
    const { generation, previous } = JSON.parse(result.stdout);
    expect(previous).toBe(env.QUEUE_PREFIX);
    expect(await model.generations.activeBase()).toBe(generation);
    const rebuilt = await model.dump();
    // 6 creates, an extend, 3 snapshot creates, a snapshot delete, a cascading delete; one snapshot left.
    const kinds = Object.keys(live.documents).map((key) => key.split(':')[1]);
    expect(kinds.filter((kind) => kind === 'operation')).toHaveLength(12);
    expect(kinds.filter((kind) => kind === 'snapshot')).toHaveLength(1);
    expect(sizes(live)).toMatchObject({ views: 6 });
    expect(rebuilt).toEqual(live);
    expect(failures).toEqual([]);
    expect(answered).toBeGreaterThan(0);
    expect(await lists()).toEqual(before);
    expect((await cli(['verify'], env)).code).toBe(0);
  });
});

describe('a projector killed in the middle of a batch', () => {
  let env: EngineEnv;
  let api: EngineProcess;
  const workers: EngineProcess[] = [];
  let cinder: CinderClient;
  let model: ReadModel;

  const startWorker = () => {
    const worker = EngineProcess.start('worker', env);
    workers.push(worker);
    return worker;
  };

  beforeAll(async () => {
    // The killed worker's jobs are retried once their lock expires.
    env = await engineEnv({ JOB_LOCK_DURATION_MS: '2000' });
    const started = await startHttpEngine('api', env);
    api = started.engine;
    cinder = new CinderClient(started.base);
    model = new ReadModel(env);
  });

  afterAll(async () => {
    await Promise.all([api, ...workers].map((p) => p?.kill()));
    await model?.close();
  });

  it('leaves a read model that, after a restart, equals a fresh rebuild from the log', async () => {
    // A first worker reports its pool, so volumes get placed, then stops: the log grows unprojected.
    const first = startWorker();
    await waitFor(async () => (await cinder.request('GET', `/v3/${cinder.project}/os-services`)).json?.services?.length === 1, 20000, () => first.logs);
    const { id: early } = await cinder.createVolume(1);
    await cinder.waitForStatus(early, 'available');
    await waitFor(() => model.current(), 10000);
    await first.kill('SIGTERM');

    const created: string[] = [];
    for (let batch = 0; batch < 15; batch++) {
      const ids = await Promise.all(Array.from({ length: 20 }, (_, i) => cinder.createVolume(1, { name: `bulk-${batch}-${i}` })));
      created.push(...ids.map((v) => v.id));
    }
    const head = (await model.head())!;
    const start = (await model.checkpoint())!;
    expect(head - start).toBeGreaterThanOrEqual(300n);

    // The next worker catches up on 300 events; it is killed as soon as it has stored some of them.
    const doomed = startWorker();
    await waitFor(async () => ((await model.checkpoint()) ?? 0n) > start, 30000, () => doomed.logs);
    await doomed.kill('SIGKILL');
    const atDeath = (await model.checkpoint())!;
    expect(atDeath).toBeGreaterThan(start);
    expect(atDeath).toBeLessThan(head);

    startWorker();
    await waitFor(async () => {
      const res = await cinder.request('GET', `/v3/${cinder.project}/volumes?status=creating&with_count=true`, {
        headers: { 'OpenStack-API-Version': 'volume 3.64' },
      });
      return res.status === 200 && res.json.count === 0;
    }, 60000);
    await waitFor(() => model.current(), 20000);

    const live = await model.dump();
    expect(Object.keys(live.views)).toHaveLength(created.length + 1);
    const result = await cli(['rebuild', '--json'], env);
    expect(result.code).toBe(0);
    expect(await model.dump()).toEqual(live);
    const listed = await cinder.request('GET', `/v3/${cinder.project}/volumes?with_count=true&limit=1`, { headers: { 'OpenStack-API-Version': 'volume 3.64' } });
    expect(listed.json.count).toBe(created.length + 1);
  });
});
