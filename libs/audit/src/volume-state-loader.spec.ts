import { EVENT_SCHEMA_VERSIONS, fold } from '@app/domain';
import { MemoryEventStore, type RecordedEvent } from '@app/event-store';
import { ENGINE_ACTOR, toVolumeEvent, VolumeCommandExecutor, volumeStreamId } from '@app/volume-commands';
import { schemaFingerprint, snapshotStreamId, STATE_SNAPSHOT_EVENT, SNAPSHOT_FORMAT_VERSION } from './state-snapshot';
import { availableVolume, extendCycles, extendRequested, stored } from './testing/stored-volume-events';
import { loadVolumeState, SNAPSHOT_EVERY } from './volume-state-loader';

const VOLUME = 'v1';
const STREAM = volumeStreamId(VOLUME);

/** A real in-memory store that counts the events it hands out per stream. */
class CountingStore extends MemoryEventStore {
  readonly read = new Map<string, number>();

  override async readStream(streamId: string, fromRevision?: number): Promise<RecordedEvent[]> {
    const events = await super.readStream(streamId, fromRevision);
    this.read.set(streamId, (this.read.get(streamId) ?? 0) + events.length);
    return events;
  }

  eventsRead(streamId: string) {
    const count = this.read.get(streamId) ?? 0;
    this.read.clear();
    return count;
  }
}

async function append(store: MemoryEventStore, events: ReturnType<typeof availableVolume>) {
  for (let i = 0; i < events.length; i += 500) await store.append(STREAM, events.slice(i, i + 500), 'any');
}

const fullFold = async (store: MemoryEventStore) => fold((await store.readStream(STREAM)).map(toVolumeEvent));

describe('loading a volume from its state snapshot', () => {
  let store: CountingStore;

  beforeEach(async () => {
    store = new CountingStore();
    // 5,000 events: created, then 2,499 extends, each requested and completed.
    await append(store, [...availableVolume(VOLUME), ...extendCycles(VOLUME, 2499)]);
  });

  it('folds a stream without a snapshot from its start, and leaves one behind', async () => {
    const first = await loadVolumeState(store, STREAM, toVolumeEvent);
    await first.snapshotWritten;

    expect(first).toMatchObject({ revision: 4999, eventsFolded: 5000, snapshotRevision: null });
    expect(first.state).toEqual(await fullFold(store));
    const [snapshot] = await store.readStream(snapshotStreamId(STREAM));
    expect(snapshot).toMatchObject({
      type: STATE_SNAPSHOT_EVENT,
      data: { format: SNAPSHOT_FORMAT_VERSION, schema: schemaFingerprint(), revision: 4999, state: first.state },
    });
  });

  it('then reads only the events after the snapshot, and equals the full fold', async () => {
    await (await loadVolumeState(store, STREAM, toVolumeEvent)).snapshotWritten;
    await append(store, extendCycles(VOLUME, 5, 2500));
    store.eventsRead(STREAM);

    const loaded = await loadVolumeState(store, STREAM, toVolumeEvent);

    expect(loaded).toMatchObject({ revision: 5009, eventsFolded: 10, snapshotRevision: 4999 });
    expect(store.eventsRead(STREAM)).toBe(10);
    expect(loaded.state).toEqual(await fullFold(store));
    expect(loaded.state).toMatchObject({ status: 'available', size: 2505 });
  });

  it('ignores a snapshot taken under other event schemas, and replaces it', async () => {
    const stale = schemaFingerprint({ ...EVENT_SCHEMA_VERSIONS, VolumeExtended: 2 });
    const lie = { ...(await fullFold(store)), size: 999 };
    await store.append(snapshotStreamId(STREAM), [
      { id: 'a0000000-0000-4000-8000-000000000001', type: STATE_SNAPSHOT_EVENT, data: { format: SNAPSHOT_FORMAT_VERSION, schema: stale, revision: 4999, state: lie }, metadata: {} },
    ], 'no_stream');
    store.eventsRead(STREAM);

    const loaded = await loadVolumeState(store, STREAM, toVolumeEvent);
    await loaded.snapshotWritten;

    expect(stale).not.toBe(schemaFingerprint());
    expect(loaded).toMatchObject({ eventsFolded: 5000, snapshotRevision: null });
    expect(store.eventsRead(STREAM)).toBe(5000);
    expect(loaded.state).toEqual(await fullFold(store));
    expect((await loadVolumeState(store, STREAM, toVolumeEvent)).snapshotRevision).toBe(4999);
  });

  it('writes no snapshot while fewer than the interval\'s events had to be folded', async () => {
    const short = new MemoryEventStore();
    await short.append(STREAM, [...availableVolume(VOLUME), ...extendCycles(VOLUME, SNAPSHOT_EVERY / 2 - 2)], 'no_stream');
    await (await loadVolumeState(short, STREAM, toVolumeEvent)).snapshotWritten;
    expect(await short.streamRevision(snapshotStreamId(STREAM))).toBeNull();
  });

  it('has nothing for a volume without a stream', async () => {
    expect(await loadVolumeState(store, volumeStreamId('absent'), toVolumeEvent)).toMatchObject({
      state: { exists: false },
      revision: null,
      eventsFolded: 0,
    });
  });

  it('lets the command executor append at the right revision after loading from a snapshot', async () => {
    await (await loadVolumeState(store, STREAM, toVolumeEvent)).snapshotWritten;
    await store.append(STREAM, stored([extendRequested('op-last', 2501)], 'last', '2026-11-30T00:00:00.000Z'), 4999);
    const expected = await fullFold(store);
    store.eventsRead(STREAM);
    const executor = new VolumeCommandExecutor(store);

    expect(await executor.load(VOLUME)).toEqual({ state: expected, revision: 5000 });
    expect(store.eventsRead(STREAM)).toBe(1);

    const outcome = await executor.execute(
      { type: 'CompleteVolumeExtend', volume_id: VOLUME, data: { operation_id: 'op-last' } },
      {
        actor: ENGINE_ACTOR, request_id: 'req-done', correlation_id: 'c', causation_id: 'c', microversion: null,
        now: new Date('2026-11-30T00:01:00.000Z'), eventId: () => 'a0000000-0000-4000-8000-0000000000ff',
      },
    );

    expect(outcome.state).toMatchObject({ status: 'available', size: 2501 });
    const tail = await store.readStream(STREAM, 5000);
    expect(tail.map((e) => [e.revision, e.type])).toEqual([[5000, 'VolumeExtendRequested'], [5001, 'VolumeExtended']]);
  });
});
