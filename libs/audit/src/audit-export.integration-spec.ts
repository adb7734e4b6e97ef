import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { SqliteEventStore, type ReadAllOptions } from '@app/event-store';
import { toVolumeEvent, VOLUME_STREAM_PREFIX, volumeIdOf, volumeStreamId } from '@app/volume-commands';
import { exportAuditLog } from './audit-export';
import { availableVolume, extendCycles } from './testing/stored-volume-events';

const LOG = { streamPrefix: VOLUME_STREAM_PREFIX, streamId: volumeStreamId, volumeIdOf, decode: toVolumeEvent };

/** SQLite that counts its readAll calls, to see when the export reads. */
class CountingSqlite extends SqliteEventStore {
  pagesRead = 0;
  override async readAll(options?: ReadAllOptions) {
    this.pagesRead++;
    return super.readAll(options);
  }
}

async function exported(store: SqliteEventStore, options: Parameters<typeof exportAuditLog>[3] = {}) {
  const out = new PassThrough();
  let text = '';
  out.on('data', (chunk: Buffer) => (text += chunk.toString()));
  const result = await exportAuditLog(store, LOG, out, { pageSize: 7, ...options });
  return { result, lines: text.split('\n').filter(Boolean).map((line) => JSON.parse(line) as Record<string, any>) };
}

describe('exporting the audit log as JSON Lines (SQLite)', () => {
  let dir: string;
  let store: CountingSqlite;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'audit-export-'));
    store = new CountingSqlite(join(dir, 'events.sqlite'));
    await store.append('volume_types', [{ id: 'a0000000-0000-4000-8000-0000000000aa', type: 'VolumeTypeCreated', data: {}, metadata: {} }], 'no_stream');
    await store.append(volumeStreamId('a'), [...availableVolume('a', 'p1'), ...extendCycles('a', 2)], 'no_stream');
    await store.append(volumeStreamId('b'), [...availableVolume('b', 'p2'), ...extendCycles('b', 1)], 'no_stream');
    await store.append('state_snapshot-volume-a', [{ id: 'a0000000-0000-4000-8000-0000000000bb', type: 'VolumeStateSnapshotted', data: {}, metadata: {} }], 'no_stream');
  });

  afterEach(async () => {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('writes every volume event once, in log order, as stored, and nothing else', async () => {
    const { result, lines } = await exported(store);

    expect(result).toEqual({ scanned: 12, exported: 10 });
    expect(lines.map((l) => l.position)).toEqual(['2', '3', '4', '5', '6', '7', '8', '9', '10', '11']);
    const [stored] = await store.readStream(volumeStreamId('a'));
    expect(lines[0]).toEqual({
      stream: 'volume-a', volume_id: 'a', revision: 0, position: '2', id: stored.id, type: 'VolumeCreateRequested',
      recorded_at: stored.recordedAt, data: stored.data, metadata: stored.metadata,
    });
  });

  it('selects one volume, or the volumes of one project', async () => {
    expect((await exported(store, { volumeId: 'b' })).lines.map((l) => l.stream)).toEqual(Array(4).fill('volume-b'));
    const ofP1 = await exported(store, { projectId: 'p1' });
    expect(ofP1.result.exported).toBe(6);
    expect(new Set(ofP1.lines.map((l) => l.volume_id))).toEqual(new Set(['a']));
  });

  it('selects by time and type like history', async () => {
    const since = Date.parse('2026-11-27T11:03:00.000Z');
    const { lines } = await exported(store, { filter: { since, types: new Set(['VolumeExtended']) } });
    expect(lines.map((l) => [l.volume_id, l.data.new_size])).toEqual([['a', 3]]);
  });

  it('stops reading while the consumer is not keeping up, and finishes once it does', async () => {
    const release: Array<() => void> = [];
    let written = 0;
    const slow = new Writable({
      highWaterMark: 1,
      write(chunk: Buffer, _encoding, done) {
        written += chunk.toString().split('\n').length - 1;
        release.push(done);
      },
    });

    const exporting = exportAuditLog(store, LOG, slow, { pageSize: 2 });
    await sleep(100);
    expect(store.pagesRead).toBe(1);

    while (written < 10) {
      release.shift()?.();
      await sleep(5);
    }
    release.forEach((done) => done());
    expect(await exporting).toEqual({ scanned: 12, exported: 10 });
    expect(store.pagesRead).toBe(7);
  });
});
