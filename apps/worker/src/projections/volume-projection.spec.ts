import { MemoryEventStore } from '@app/event-store';
import { MemoryVolumeViewRepository, READ_MODEL_KEYS } from '@app/read-model';
import { availableVolume, extendCycles } from '../../../../libs/audit/src/testing/stored-volume-events';
import { projectEvent } from './volume-projection';

describe('the projector\'s step', () => {
  let store: MemoryEventStore;
  let views: MemoryVolumeViewRepository;

  beforeEach(async () => {
    store = new MemoryEventStore();
    views = new MemoryVolumeViewRepository();
    await store.append('volume-a', availableVolume('a'), 'no_stream');
    await store.append('volume_types', [{ id: 'a0000000-0000-4000-8000-0000000000aa', type: 'VolumeTypeCreated', data: {}, metadata: {} }], 'any');
    await store.append('volume-a', extendCycles('a', 1), 1);
  });

  it('stores each volume event\'s view and documents, and moves the checkpoint past every event', async () => {
    for (const event of await store.readAll()) await projectEvent(views, event);
    expect(await views.get('a')).toMatchObject({ size: 2, revision: 3 });
    expect(await views.checkpoint()).toBe(5n);
    expect((await views.index(READ_MODEL_KEYS.operationsOfVolume('a'))).map((e) => e.member).sort()).toEqual(['a-to2', 'create-a']);
  });

  it('changes nothing for events it has handled already (a replay from the start)', async () => {
    const events = await store.readAll();
    for (const event of events) await projectEvent(views, event);
    const before = await views.documents([READ_MODEL_KEYS.operation('a-to2'), READ_MODEL_KEYS.operation('create-a')]);
    for (const event of events) await projectEvent(views, event);
    expect(await views.documents([READ_MODEL_KEYS.operation('a-to2'), READ_MODEL_KEYS.operation('create-a')])).toEqual(before);
    expect(await views.get('a')).toMatchObject({ revision: 3 });
  });
});
