import { MemoryEventStore } from '@app/event-store';
import { MemoryVolumeViewRepository, READ_MODEL_KEYS, type ReadModelChange } from '@app/read-model';
import { availableVolume, ENGINE, extendCycles, stored } from '../../../../libs/audit/src/testing/stored-volume-events';
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

  it('answers what it stored for live readers: the view, the operations it touched, and who caused it', async () => {
    const answers: Array<ReadModelChange | null> = [];
    for (const event of await store.readAll()) answers.push(await projectEvent(views, event));
    // The volume type's event and nothing else changes no view: no answer for it.
    expect(answers.map((a) => a && [a.event_type, a.revision, a.origin, a.operation_ids, a.volume?.status])).toEqual([
      ['VolumeCreateRequested', 0, 'command', ['create-a'], 'creating'],
      ['VolumeCreated', 1, 'job', ['create-a'], 'available'],
      null,
      ['VolumeExtendRequested', 2, 'command', ['a-to2'], 'extending'],
      ['VolumeExtended', 3, 'job', ['a-to2'], 'available'],
    ]);
    expect(answers[3]).toMatchObject({ volume_id: 'a', project_id: 'p1', request_id: 'req-a-to2', position: '4' });
    // A redelivery stores nothing, so it announces nothing.
    for (const event of await store.readAll()) expect(await projectEvent(views, event)).toBeNull();
  });

  it('announces a deleted volume without its view', async () => {
    for (const event of await store.readAll()) await projectEvent(views, event);
    await store.append('volume-a', stored([{ type: 'VolumeDeleted', data: { operation_id: 'delete-a' } }], 'a-gone', '2026-11-27T12:00:00.000Z', ENGINE), 3);
    const [deletion] = await store.readStream('volume-a', 4);
    expect(await projectEvent(views, deletion)).toMatchObject({ event_type: 'VolumeDeleted', volume_id: 'a', project_id: 'p1', volume: null, origin: 'job' });
  });
});
