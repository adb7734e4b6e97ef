import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fold } from '@app/domain';
import { SqliteEventStore, type RecordedEvent } from '@app/event-store';
import { toVolumeEvent, VolumeCommandExecutor, volumeStreamId } from '@app/volume-commands';
import { snapshotStreamId } from './state-snapshot';
import { availableVolume, extendCycles } from './testing/stored-volume-events';
import { loadVolumeState } from './volume-state-loader';

const STREAM = volumeStreamId('v1');

class CountingSqlite extends SqliteEventStore {
  volumeEventsRead = 0;
  override async readStream(streamId: string, fromRevision?: number): Promise<RecordedEvent[]> {
    const events = await super.readStream(streamId, fromRevision);
    if (streamId === STREAM) this.volumeEventsRead += events.length;
    return events;
  }
}

describe('state snapshots in a SQLite event store', () => {
  let dir: string;
  let store: CountingSqlite;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'snapshots-'));
    store = new CountingSqlite(join(dir, 'events.sqlite'), { synchronous: 'NORMAL' });
    const events = [...availableVolume('v1'), ...extendCycles('v1', 2499)];
    for (let i = 0; i < events.length; i += 1000) await store.append(STREAM, events.slice(i, i + 1000), 'any');
  });

  afterAll(async () => {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('loads a 5,000-event volume from its snapshot and the events after it, as the full fold would', async () => {
    await (await loadVolumeState(store, STREAM, toVolumeEvent)).snapshotWritten;
    await store.append(STREAM, extendCycles('v1', 3, 2500), 4999);
    const full = fold((await store.readStream(STREAM)).map(toVolumeEvent));
    store.volumeEventsRead = 0;

    const loaded = await new VolumeCommandExecutor(store).load('v1');

    expect(store.volumeEventsRead).toBe(6);
    expect(loaded).toEqual({ state: full, revision: 5005 });
    expect(await store.readStream(snapshotStreamId(STREAM))).toEqual([
      expect.objectContaining({ revision: 0, data: expect.objectContaining({ revision: 4999 }) }),
    ]);
  });
});
