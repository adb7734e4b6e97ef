import type { VolumeEvent } from '@app/domain';
import { MemoryEventStore, type RecordedEvent } from '@app/event-store';
import { ALICE, availableVolume, ENGINE, extendCycles, stored } from '../../audit/src/testing/stored-volume-events';
import { compactChanges, DocumentSpace } from './document-changes';
import { MemoryVolumeViewRepository } from './memory-volume-view.repository';
import { READ_MODEL_KEYS as K, timeScore } from './read-model-keys';
import { deriveDocuments, streamDocuments } from './volume-documents';
import { cinderTime, projectVolume, type VolumeView } from './volume-view';

/** Times come from when the store recorded each event (the memory store's clock). */
const recorded = (event: RecordedEvent) => cinderTime(event.recordedAt);

const snapshotRequested = (id: string, op: string, at = '2026-11-27T12:00:00.000000'): VolumeEvent => ({
  type: 'SnapshotCreateRequested',
  data: { snapshot_id: id, operation_id: op, name: `snap-${id}`, description: null, volume_size: 1, created_at: at },
});
const snapshotCreated = (id: string, op: string): VolumeEvent => ({ type: 'SnapshotCreated', data: { snapshot_id: id, operation_id: op } });
const snapshotDeleteRequested = (id: string, op: string): VolumeEvent => ({ type: 'SnapshotDeleteRequested', data: { snapshot_id: id, operation_id: op } });
const snapshotDeleted = (id: string, op: string): VolumeEvent => ({ type: 'SnapshotDeleted', data: { snapshot_id: id, operation_id: op } });
const extendFailed = (op: string): VolumeEvent => ({ type: 'VolumeExtendFailed', data: { operation_id: op, reason: 'disk full', status: 'error_extending' } });
const deleteRequested = (op: string, force: boolean, snapshots: string[] = []): VolumeEvent => ({
  type: force ? 'VolumeForceDeleteRequested' : 'VolumeDeleteRequested',
  data: { operation_id: op, status: 'deleting', terminated_at: '2026-11-27T13:00:00.000000', deleting_snapshot_ids: snapshots },
});
const deleted = (op: string): VolumeEvent => ({ type: 'VolumeDeleted', data: { operation_id: op } } as VolumeEvent);

describe('the documents derived with each volume view', () => {
  let store: MemoryEventStore;
  let revision: number;

  beforeEach(async () => {
    store = new MemoryEventStore();
    await store.append('volume-a', availableVolume('a'), 'no_stream');
    revision = 1;
  });

  async function append(events: VolumeEvent[], name: string, at: string, actor = ALICE) {
    await store.append('volume-a', stored(events, name, at, actor), revision);
    revision += events.length;
  }

  /** What the projector stores, event by event, into a document space. */
  async function project(): Promise<{ space: DocumentSpace; view: VolumeView | null; events: RecordedEvent[] }> {
    const space = new DocumentSpace();
    let view: VolumeView | null = null;
    const events = await store.readStream('volume-a');
    for (const event of events) {
      const next = projectVolume(view, event);
      if (next && next !== view) space.apply(deriveDocuments(view, next, event));
      view = next;
    }
    return { space, view, events };
  }

  it('lists a volume in its project and in all, scored by created_at, until it is deleted', async () => {
    let { space } = await project();
    const entry = [{ member: 'a', score: timeScore('2026-11-27T10:00:00.000000') }];
    expect(space.index(K.volumesOfProject('p1'))).toEqual(entry);
    expect(space.index(K.allVolumes)).toEqual(entry);

    await append([deleteRequested('del', false)], 'del', '2026-11-27T13:00:00.000Z');
    await append([deleted('del')], 'del-done', '2026-11-27T13:00:01.000Z', ENGINE);
    ({ space } = await project());
    expect(space.index(K.volumesOfProject('p1'))).toEqual([]);
    expect(space.index(K.allVolumes)).toEqual([]);
  });

  it('keeps a document per snapshot, with who asked and when it last changed, and drops it when deleted', async () => {
    await append([snapshotRequested('s1', 'op-s1')], 's1', '2026-11-27T12:00:00.000Z');
    let { space } = await project();
    expect(space.document(K.snapshot('s1'))).toEqual({
      id: 's1', volume_id: 'a', project_id: 'p1', user_id: 'alice', name: 'snap-s1', description: null, status: 'creating',
      size: 1, metadata: {}, availability_zone: 'nova', created_at: '2026-11-27T12:00:00.000000', updated_at: null,
      progress: '0%', revision: 2,
    });
    expect(space.index(K.snapshotsOfProject('p1'))).toEqual([{ member: 's1', score: timeScore('2026-11-27T12:00:00.000000') }]);

    await append([snapshotCreated('s1', 'op-s1')], 's1-done', '2026-11-27T12:00:05.500Z', ENGINE);
    let events: RecordedEvent[];
    ({ space, events } = await project());
    expect(space.document(K.snapshot('s1'))).toMatchObject({ status: 'available', progress: '100%', updated_at: recorded(events[3]), revision: 3, user_id: 'alice' });

    await append([snapshotDeleteRequested('s1', 'op-d1')], 'd1', '2026-11-27T12:01:00.000Z');
    await append([snapshotDeleted('s1', 'op-d1')], 'd1-done', '2026-11-27T12:01:01.000Z', ENGINE);
    ({ space } = await project());
    expect(space.document(K.snapshot('s1'))).toBeNull();
    expect(space.index(K.snapshotsOfProject('p1'))).toEqual([]);
    expect(space.index(K.allSnapshots)).toEqual([]);
  });

  it('drops the snapshots of a volume deleted with them (cascade)', async () => {
    await append([snapshotRequested('s1', 'op-s1')], 's1', '2026-11-27T12:00:00.000Z');
    await append([snapshotCreated('s1', 'op-s1')], 's1-done', '2026-11-27T12:00:01.000Z', ENGINE);
    await append([deleteRequested('del', false, ['s1'])], 'del', '2026-11-27T13:00:00.000Z');
    let { space } = await project();
    expect(space.document(K.snapshot('s1'))).toMatchObject({ status: 'deleting' });
    await append([deleted('del')], 'del-done', '2026-11-27T13:00:01.000Z', ENGINE);
    ({ space } = await project());
    expect(space.document(K.snapshot('s1'))).toBeNull();
    expect(space.index(K.allSnapshots)).toEqual([]);
  });

  it('records each backend operation from its request to its end, with the job that carries it out', async () => {
    const { space, events } = await project();
    const create = space.document(K.operation('create-a'));
    expect(create).toEqual({
      id: 'create-a', volume_id: 'a', project_id: 'p1', type: 'create_volume', snapshot_id: null, state: 'succeeded',
      job_id: `create_volume-${events[0].id}`, requested_at: recorded(events[0]), requested_by: 'alice',
      request_id: 'req-a-create', finished_at: recorded(events[1]), error: null, revision: 1,
    });
    expect(space.index(K.operationsOfVolume('a'))).toEqual([{ member: 'create-a', score: timeScore(recorded(events[0])) }]);
  });

  it('says why an operation failed, and which event cut one short', async () => {
    await store.append('volume-a', extendCycles('a', 1).slice(0, 1), 1);
    revision = 2;
    await append([extendFailed('a-to2')], 'fail', '2026-11-27T11:03:00.000Z', ENGINE);
    await store.append('volume-a', stored([{ type: 'VolumeExtendRequested', data: { operation_id: 'again', new_size: 2, previous_status: 'available' } }], 'again', '2026-11-27T11:04:00.000Z'), revision);
    revision++;
    await append([deleteRequested('force', true)], 'force', '2026-11-27T11:05:00.000Z');
    const { space, events } = await project();
    expect(space.document(K.operation('a-to2'))).toMatchObject({ type: 'extend_volume', state: 'failed', error: 'disk full' });
    expect(space.document(K.operation('again'))).toMatchObject({ state: 'cancelled', error: 'Cancelled by VolumeForceDeleteRequested', finished_at: recorded(events[5]) });
    expect(space.document(K.operation('force'))).toMatchObject({ type: 'force_delete_volume', state: 'running', finished_at: null });
    expect(space.index(K.operationsOfProject('p1')).map((e) => e.member).sort()).toEqual(['a-to2', 'again', 'create-a', 'force']);
  });

  it('derives from a whole stream at once what it derives event by event', async () => {
    await append([snapshotRequested('s1', 'op-s1')], 's1', '2026-11-27T12:00:00.000Z');
    await append([snapshotCreated('s1', 'op-s1')], 's1-done', '2026-11-27T12:00:01.000Z', ENGINE);
    const { space, view } = await project();
    const whole = streamDocuments(await store.readStream('volume-a'));
    const replayed = new DocumentSpace();
    replayed.apply(whole.changes);
    replayed.apply(whole.changes);
    expect(whole.view).toEqual(view);
    expect(replayed.documents).toEqual(space.documents);
    expect(replayed.indexes).toEqual(space.indexes);
  });

  it('leaves the same documents when a rebuild compacts a page\'s changes', async () => {
    await append([snapshotRequested('s1', 'op-s1')], 's1', '2026-11-27T12:00:00.000Z');
    await append([snapshotCreated('s1', 'op-s1')], 's1-done', '2026-11-27T12:00:01.000Z', ENGINE);
    await append([snapshotDeleteRequested('s1', 'op-d1')], 'd1', '2026-11-27T12:01:00.000Z');
    await append([snapshotDeleted('s1', 'op-d1')], 'd1-done', '2026-11-27T12:01:01.000Z', ENGINE);
    const { changes } = streamDocuments(await store.readStream('volume-a'));
    const compacted = compactChanges(changes);
    const [raw, compact] = [new DocumentSpace(), new DocumentSpace()];
    raw.apply(changes);
    compact.apply(compacted);
    expect(compacted.length).toBeLessThan(changes.length);
    const decoded = (space: DocumentSpace) => [...space.documents.keys()].sort().map((key) => [key, space.document(key)]);
    expect(decoded(compact)).toEqual(decoded(raw));
    expect(compact.indexes).toEqual(raw.indexes);
  });

  it('changes no document when an event is delivered again', async () => {
    const views = new MemoryVolumeViewRepository();
    const events = await store.readStream('volume-a');
    const handle = async (event: RecordedEvent) => {
      const current = await views.get('a');
      const next = projectVolume(current, event);
      // The projector's step, without its guard: the repository must refuse the old revision.
      await views.save(next!, event.position, deriveDocuments(current, next!, event));
    };
    for (const event of events) await handle(event);
    const before = await views.documents([K.operation('create-a')]);
    await views.save(projectVolume(null, events[0])!, events[0].position, deriveDocuments(null, projectVolume(null, events[0])!, events[0]));
    expect(await views.documents([K.operation('create-a')])).toEqual(before);
    expect(before[0]).toMatchObject({ state: 'succeeded' });
  });
});
