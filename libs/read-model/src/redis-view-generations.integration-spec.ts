import { Redis } from 'ioredis';
import { redisOptions } from '@app/config';
import { MemoryEventStore, type RecordedEvent } from '@app/event-store';
import { availableVolume, extendCycles, stored } from '../../audit/src/testing/stored-volume-events';
import { dumpGeneration } from './read-model-dump';
import { READ_MODEL_KEYS } from './read-model-keys';
import { rebuildReadModel } from './read-model-rebuild';
import { RedisViewGenerations } from './redis-view-generations';
import { RedisVolumeViewRepository } from './redis-volume-view.repository';
import { generationPointerKey } from './view-generation-keys';
import { repairView } from './view-repair';
import { deriveDocuments } from './volume-documents';
import { projectVolume, type VolumeView } from './volume-view';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379/13';

describe('rebuilding the read model aside, then swapping (Redis)', () => {
  let redis: Redis;
  let prefix: string;
  let store: MemoryEventStore;
  let views: RedisVolumeViewRepository;
  let generations: RedisViewGenerations;

  /** What the live projector does with one event. */
  async function project(event: RecordedEvent) {
    const current = await views.get(event.streamId.slice('volume-'.length));
    const next = projectVolume(current, event);
    if (next && next !== current) await views.save(next, event.position, deriveDocuments(current, next, event));
    else await views.saveCheckpoint(event.position);
  }

  const fold = async (volumeId: string) => {
    let view: VolumeView | null = null;
    for (const event of await store.readStream(`volume-${volumeId}`)) view = projectVolume(view, event);
    return view;
  };

  beforeEach(async () => {
    redis = new Redis(redisOptions(REDIS_URL));
    prefix = `it-gen-${Math.random().toString(36).slice(2)}`;
    store = new MemoryEventStore();
    views = new RedisVolumeViewRepository(redis, prefix);
    generations = new RedisViewGenerations(redis, prefix);
    for (const id of ['a', 'b', 'c']) await store.append(`volume-${id}`, [...availableVolume(id), ...extendCycles(id, 3)], 'no_stream');
    await store.append('volume_types', [{ id: 'a0000000-0000-4000-8000-0000000000aa', type: 'VolumeTypeCreated', data: {}, metadata: {} }], 'any');
    for (const event of await store.readAll()) if (event.streamId.startsWith('volume-')) await project(event);
  });

  afterEach(async () => {
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
  });

  it('builds every view into a new generation, makes it active and drops the old one', async () => {
    const before = await views.getMany(['a', 'b', 'c']);

    const result = await rebuildReadModel(store, generations, { pageSize: 7 });

    expect(result).toMatchObject({ previous: prefix, events: 25, views: 3, dropped: 3 });
    expect(await redis.get(generationPointerKey(prefix))).toBe(result.generation);
    expect(await views.getMany(['a', 'b', 'c'])).toEqual(before);
    expect(await views.checkpoint()).toBe(25n);
    expect(await redis.keys(`${prefix}:volume:*`)).toEqual([]);
    expect((await redis.keys(`${result.generation}:volume:*`)).sort()).toEqual(['a', 'b', 'c'].map((id) => `${result.generation}:volume:${id}`));
  });

  it('keeps answering every read while it rebuilds', async () => {
    let reads = 0;
    let missing = 0;
    let rebuilding = true;
    const reader = (async () => {
      while (rebuilding) {
        reads++;
        if ((await views.getMany(['a', 'b', 'c'])).some((view) => view === null)) missing++;
      }
    })();
    await rebuildReadModel(store, generations, { pageSize: 1 });
    await rebuildReadModel(store, generations, { pageSize: 2 });
    rebuilding = false;
    await reader;
    expect(reads).toBeGreaterThan(10);
    expect(missing).toBe(0);
  });

  it('lets the live projector go on in the new generation', async () => {
    const { generation } = await rebuildReadModel(store, generations);
    await store.append('volume-a', extendCycles('a', 1, 4), 7);
    for (const event of await store.readAll({ after: 25n })) await project(event);

    expect(await views.get('a')).toMatchObject({ size: 5, revision: 9 });
    expect(JSON.parse((await redis.hget(`${generation}:volume:a`, 'view'))!)).toMatchObject({ size: 5 });
    expect(await views.checkpoint()).toBe(27n);
  });

  it('catches up when the projector moved on between its last read and the swap', async () => {
    const activate = generations.activate.bind(generations);
    let moved = false;
    generations.activate = async (base) => {
      if (!moved) {
        moved = true;
        await store.append('volume-b', extendCycles('b', 1, 4), 7);
        for (const event of await store.readAll({ after: 25n })) await project(event);
      }
      return activate(base);
    };

    const result = await rebuildReadModel(store, generations);

    expect(result.events).toBe(27);
    expect(await views.get('b')).toEqual(await fold('b'));
  });

  it('gives up, leaving the active views in place and removing its own, when it cannot catch up', async () => {
    await views.saveCheckpoint(1_000n); // a projector ahead of anything the rebuild can read

    await expect(rebuildReadModel(store, generations, { maxRounds: 2 })).rejects.toThrow(/kept ahead of the rebuild/);

    expect(await redis.get(generationPointerKey(prefix))).toBeNull();
    expect(await views.get('a')).toEqual(await fold('a'));
    expect(await redis.keys(`${prefix}:views-*`)).toEqual([]);
  });

  it('rebuilds every document and index beside the views exactly as the live projector stored them', async () => {
    await store.append('volume-c', stored([{ type: 'VolumeDeleteRequested', data: { operation_id: 'del-c', status: 'deleting', terminated_at: 't', deleting_snapshot_ids: [] } }], 'del-c', '2026-11-28T00:00:00.000Z'), 7);
    for (const event of await store.readAll({ after: 25n })) await project(event);
    const live = await dumpGeneration(redis, prefix);
    expect(Object.keys(live.documents).length).toBeGreaterThan(3);
    expect(live.indexes[READ_MODEL_KEYS.volumesOfProject('p1')].map((e) => e.member).sort()).toEqual(['a', 'b', 'c']);

    const { generation } = await rebuildReadModel(store, generations, { pageSize: 4 });

    expect(await dumpGeneration(redis, generation)).toEqual(live);
    expect(await views.documents([READ_MODEL_KEYS.operation('del-c')])).toEqual([expect.objectContaining({ state: 'running', type: 'delete_volume' })]);
  });

  it('drops a generation\'s documents and indexes with its views, and nothing else under the prefix', async () => {
    await redis.set(`${prefix}:volume-operations:some-job`, 'kept');
    const { generation } = await rebuildReadModel(store, generations);
    await rebuildReadModel(store, generations);

    expect(await redis.keys(`${generation}:*`)).toEqual([]);
    expect(await redis.keys(`${prefix}:volume-index:*`)).toEqual([]);
    expect(await redis.keys(`${prefix}:operation:*`)).toEqual([]);
    expect(await redis.get(`${prefix}:volume-operations:some-job`)).toBe('kept');
  });

  it('refuses to drop the active generation', async () => {
    await expect(generations.drop(prefix)).rejects.toThrow(/active/);
  });

  it('repairs one drifted view in place', async () => {
    const good = (await views.get('c'))!;
    await redis.hset(`${prefix}:volume:c`, 'view', JSON.stringify({ ...good, size: 42 }));

    const operation = `${prefix}${READ_MODEL_KEYS.operation('c-to4')}`;
    const goodState = await redis.hget(operation, 'state');
    await redis.hset(operation, 'state', JSON.stringify('running'));
    await redis.zrem(`${prefix}${READ_MODEL_KEYS.volumesOfProject('p1')}`, 'c');

    expect(await repairView(store, views, 'c')).toEqual({ volume_id: 'c', revision: good.revision });
    expect(await views.get('c')).toEqual(good);
    expect(await redis.hget(operation, 'state')).toBe(goodState);
    expect((await views.index(READ_MODEL_KEYS.volumesOfProject('p1'))).map((e) => e.member)).toContain('c');
    expect(await repairView(store, views, 'absent')).toEqual({ volume_id: 'absent', revision: null });
  });
});
