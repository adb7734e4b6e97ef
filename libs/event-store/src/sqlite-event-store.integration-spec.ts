import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { createEventStore } from './create-event-store';
import { describeEventStoreContract } from './event-store.contract';
import type { NewEvent, RecordedEvent } from './event-store.port';
import { SqliteEventStore } from './sqlite-event-store';

function tempFile(): { path: string; removeDir: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'sqlite-event-store-'));
  return {
    // The nested folder checks that the store creates missing parents.
    path: join(dir, 'data', 'events.db'),
    removeDir: () => rmSync(dir, { recursive: true, force: true }),
  };
}

describeEventStoreContract('SqliteEventStore', async () => {
  const { path, removeDir } = tempFile();
  // Pages of two make every catch-up in the contract cross page boundaries.
  const options = { batchSize: 2 };
  const store = new SqliteEventStore(path, options);
  return {
    store,
    reopen: async () => new SqliteEventStore(path, options),
    cleanup: async () => {
      await store.close();
      removeDir();
    },
  };
});

describe('SqliteEventStore', () => {
  let path: string;
  let removeDir: () => void;
  let store: SqliteEventStore;

  beforeEach(() => {
    ({ path, removeDir } = tempFile());
    store = new SqliteEventStore(path);
  });

  afterEach(async () => {
    await store.close();
    removeDir();
  });

  const event = (type: string): NewEvent => ({ id: randomUUID(), type, data: {}, metadata: {} });

  it('puts the file in WAL mode, so readers in other processes do not block the writer', () => {
    // journal_mode=WAL is stored in the file, so a separate connection sees it.
    const db = new Database(path, { readonly: true });
    try {
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    } finally {
      db.close();
    }
  });

  it('refuses an event id that is already stored in another stream', async () => {
    const shared = event('A');
    await store.append('volume-1', [shared], 'no_stream');

    await expect(store.append('volume-2', [shared], 'no_stream')).rejects.toThrow(
      /already stored in stream volume-1/,
    );
    expect(await store.streamRevision('volume-2')).toBeNull();
  });

  it('writes nothing when an id later in the batch is already stored', async () => {
    const stored = event('A');
    await store.append('volume-1', [stored], 'no_stream');

    await expect(store.append('volume-2', [event('B'), stored], 'no_stream')).rejects.toThrow(
      `Event id ${stored.id} is already stored`,
    );
    expect(await store.readStream('volume-2')).toEqual([]);
  });

  it('keeps positions past 2^53 exact', async () => {
    const big = 2n ** 53n + 10n;
    // AUTOINCREMENT continues from the sequence, so the next append lands just past 2^53.
    const db = new Database(path);
    db.prepare("INSERT INTO sqlite_sequence (name, seq) VALUES ('events', ?)").run(big);
    db.close();

    const { position } = await store.append('volume-1', [event('A')], 'no_stream');
    const events = store.subscribe()[Symbol.asyncIterator]();
    const delivered = (await events.next()).value as RecordedEvent;
    await events.return?.();

    expect(position).toBe(big + 1n);
    expect((await store.readStream('volume-1'))[0].position).toBe(big + 1n);
    expect(delivered.position).toBe(big + 1n);
    expect(await store.readAll({ after: big })).toHaveLength(1);
  });

  it('is what createEventStore builds for kind sqlite', async () => {
    const built = createEventStore({ kind: 'sqlite', sqlitePath: path });
    try {
      expect(built).toBeInstanceOf(SqliteEventStore);
      await built.append('volume-1', [event('A')], 'no_stream');
      expect(await store.streamRevision('volume-1')).toBe(0);
    } finally {
      await built.close();
    }
  });
});
