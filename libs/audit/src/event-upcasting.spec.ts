import { PassThrough } from 'node:stream';
import { MemoryEventStore, type NewEvent } from '@app/event-store';
import { ENGINE_ACTOR, toVolumeEvent, VolumeCommandExecutor, VOLUME_STREAM_PREFIX, volumeIdOf, volumeStreamId } from '@app/volume-commands';
import { exportAuditLog } from './audit-export';
import { schemaFingerprint, snapshotStreamId, SNAPSHOT_FORMAT_VERSION, STATE_SNAPSHOT_EVENT } from './state-snapshot';
import { availableVolume, extended, extendRequested, stored } from './testing/stored-volume-events';
import { historyEntries } from './volume-history';
import { loadVolumeState } from './volume-state-loader';

// Every event type is at schema version 1 so far, so this file stands in a domain one schema
// change ahead: VolumeExtendRequested at version 2, whose version 1 called the requested size
// `size`. The domain's own seam is used (EVENT_SCHEMA_VERSIONS and upcast); everything under
// test is the real read path: the stored metadata's schema_version, through the domain's upcast,
// into its evolve.
jest.mock('@app/domain', () => {
  const actual = jest.requireActual('@app/domain');
  const versions = { ...actual.EVENT_SCHEMA_VERSIONS, VolumeExtendRequested: 2 };
  const upcasters: Record<string, Record<number, (data: Record<string, unknown>) => Record<string, unknown>>> = {
    VolumeExtendRequested: { 1: ({ size, ...rest }) => ({ ...rest, new_size: size }) },
  };
  return {
    ...actual,
    EVENT_SCHEMA_VERSIONS: versions,
    upcast(type: string, schemaVersion: number, data: Record<string, unknown>) {
      if (!(type in versions)) throw new Error(`Unknown volume event type ${type}`);
      if (schemaVersion > versions[type]) throw new Error(`Event ${type} has schema version ${schemaVersion}`);
      let shaped = data;
      for (let version = schemaVersion; version < versions[type]; version++) shaped = upcasters[type][version](shaped);
      return { type, data: shaped };
    },
  };
});

const VOLUME = 'v1';
const STREAM = volumeStreamId(VOLUME);
const LOG = { streamPrefix: VOLUME_STREAM_PREFIX, streamId: volumeStreamId, volumeIdOf, decode: toVolumeEvent };

/** Written by the engine before the change: schema version 1, the old field name. */
const [current] = stored([extendRequested('e1', 3)], 'e1', '2026-11-27T11:00:00.000Z');
const oldShapeExtendRequested: NewEvent = {
  ...current,
  data: { operation_id: 'e1', size: 3, previous_status: 'available' },
  metadata: { ...current.metadata, schema_version: 1 },
};

async function mixedStream() {
  const store = new MemoryEventStore();
  await store.append(STREAM, [
    ...availableVolume(VOLUME),
    oldShapeExtendRequested,
    ...stored([extended('e1', 3)], 'e1-done', '2026-11-27T11:01:00.000Z'),
    // Written after the change: schema version 2.
    ...stored([extendRequested('e2', 5)], 'e2', '2026-11-27T12:00:00.000Z'),
  ], 'no_stream');
  return store;
}

describe('a stream mixing event shapes from before and after a schema change', () => {
  it('stores new events under the new version, and leaves old ones as they were written', async () => {
    const events = await (await mixedStream()).readStream(STREAM);
    expect(events.map((e) => [e.type, e.metadata.schema_version])).toEqual([
      ['VolumeCreateRequested', 1], ['VolumeCreated', 1], ['VolumeExtendRequested', 1], ['VolumeExtended', 1], ['VolumeExtendRequested', 2],
    ]);
  });

  it('folds both shapes alike: every read upcasts by the stored schema version', async () => {
    const entries = [...historyEntries(await (await mixedStream()).readStream(STREAM), toVolumeEvent)];
    expect(entries[2].after).toMatchObject({ status: 'extending', pending: { kind: 'extend', new_size: 3 } });
    expect(entries[4].after).toMatchObject({ status: 'extending', size: 3, pending: { kind: 'extend', new_size: 5 } });
  });

  it('carries the upcast state into a command: the executor completes the new-shape extend', async () => {
    const store = await mixedStream();
    const outcome = await new VolumeCommandExecutor(store).execute(
      { type: 'CompleteVolumeExtend', volume_id: VOLUME, data: { operation_id: 'e2' } },
      {
        actor: ENGINE_ACTOR, request_id: 'r', correlation_id: 'c', causation_id: 'c', microversion: null,
        now: new Date('2026-11-27T12:01:00.000Z'), eventId: () => 'a0000000-0000-4000-8000-00000000e002',
      },
    );
    expect(outcome.state).toMatchObject({ status: 'available', size: 5 });
  });

  it('exports events as stored: facts are never rewritten, only read in the current shape', async () => {
    const out = new PassThrough();
    const lines: string[] = [];
    out.on('data', (chunk: Buffer) => lines.push(...chunk.toString().split('\n').filter(Boolean)));
    await exportAuditLog(await mixedStream(), LOG, out);
    expect(JSON.parse(lines[2])).toMatchObject({ data: { size: 3 }, metadata: { schema_version: 1 } });
  });

  it('discards a state snapshot folded under the old schemas', async () => {
    const store = await mixedStream();
    const before = schemaFingerprint(jest.requireActual('@app/domain').EVENT_SCHEMA_VERSIONS);
    await store.append(snapshotStreamId(STREAM), [{
      id: 'a0000000-0000-4000-8000-00000000e003',
      type: STATE_SNAPSHOT_EVENT,
      data: { format: SNAPSHOT_FORMAT_VERSION, schema: before, revision: 4, state: { exists: false } },
      metadata: {},
    }], 'no_stream');

    const loaded = await loadVolumeState(store, STREAM, toVolumeEvent);

    expect(before).not.toBe(schemaFingerprint());
    expect(loaded).toMatchObject({ snapshotRevision: null, eventsFolded: 5, state: { size: 3, pending: { new_size: 5 } } });
  });
});
