import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { createEventStore } from './create-event-store';
import { describeEventStoreContract } from './event-store.contract';
import { WrongExpectedRevisionError, type NewEvent, type RecordedEvent } from './event-store.port';
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

  describe('group commit', () => {
    /** Commits made by `appends`, which are started together (in one tick) and then awaited. */
    async function commitsFor<T>(appends: () => Promise<T>[]): Promise<{ commits: number; outcomes: PromiseSettledResult<T>[] }> {
      const before = store.appendStats().commits;
      const outcomes = await Promise.allSettled(appends());
      return { commits: store.appendStats().commits - before, outcomes };
    }

    it('commits appends to different streams made in the same tick in one transaction, in call order', async () => {
      const events = [...Array(8).keys()].map((i) => event(`E${i}`));

      const { commits, outcomes } = await commitsFor(() =>
        events.map((e, i) => store.append(`volume-${i}`, [e], 'no_stream')),
      );

      expect(commits).toBe(1);
      expect(outcomes.every((o) => o.status === 'fulfilled')).toBe(true);
      const stored = await store.readAll();
      expect(stored.map((e) => [e.streamId, e.id])).toEqual(events.map((e, i) => [`volume-${i}`, e.id]));
      const positions = outcomes.map((o) => (o as PromiseFulfilledResult<{ position: bigint }>).value.position);
      expect(positions).toEqual(stored.map((e) => e.position));
    });

    it('fails only the appends of a group whose revision check fails or whose id is taken', async () => {
      const created = event('Created');
      await store.append('volume-1', [created], 'no_stream');
      const winner = event('ExtendRequested');
      const later = event('Extended');
      const taken = event('Other');

      const { commits, outcomes } = await commitsFor(() => [
        store.append('volume-1', [event('Stale')], 5),
        store.append('volume-2', [taken], 'no_stream'),
        store.append('volume-1', [winner], 0),
        store.append('volume-3', [event('New'), taken], 'no_stream'),
        // Sees the append before it in the group, as it would have in a transaction of its own.
        store.append('volume-1', [later], 1),
        store.append('volume-1', [event('Loser')], 0),
      ]);

      expect(commits).toBe(1);
      expect(store.appendStats().appends).toBe(1 + 3); // the failed appends are not counted
      expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'fulfilled', 'fulfilled', 'rejected', 'fulfilled', 'rejected']);
      expect((outcomes[0] as PromiseRejectedResult).reason).toBeInstanceOf(WrongExpectedRevisionError);
      expect((outcomes[3] as PromiseRejectedResult).reason).toEqual(new Error(`Event id ${taken.id} is already stored`));
      expect((outcomes[5] as PromiseRejectedResult).reason).toMatchObject({ expected: 0, actual: 2 });
      expect((await store.readStream('volume-1')).map((e) => e.id)).toEqual([created.id, winner.id, later.id]);
      expect(await store.readStream('volume-3')).toEqual([]);
      expect((await store.readAll()).map((e) => e.id)).toEqual([created.id, taken.id, winner.id, later.id]);
    });

    it('answers an append only once another connection can read it, and shows none of a group before', async () => {
      const reader = new Database(path, { readonly: true });
      const count = reader.prepare<[string], number>('SELECT COUNT(*) FROM events WHERE stream_id = ?').pluck();
      try {
        const visibleWhenAnswered: number[] = [];
        const appends = ['volume-1', 'volume-2'].map((streamId) =>
          store.append(streamId, [event('A')], 'no_stream').then(() => visibleWhenAnswered.push(count.get(streamId)!)),
        );
        const visibleBefore = [count.get('volume-1'), count.get('volume-2')];

        await Promise.all(appends);

        expect(visibleBefore).toEqual([0, 0]);
        expect(visibleWhenAnswered).toEqual([1, 1]);
      } finally {
        reader.close();
      }
    });

    it('writes the appends made just before close', async () => {
      const appended = store.append('volume-1', [event('A')], 'no_stream');
      await store.close();
      await expect(appended).resolves.toEqual({ nextRevision: 0, position: 1n });

      const reopened = new SqliteEventStore(path);
      try {
        expect(await reopened.streamRevision('volume-1')).toBe(0);
      } finally {
        await reopened.close();
      }
    });

    it('fails every append of a group that cannot commit, and writes none of it', async () => {
      const other = new Database(path);
      other.exec('BEGIN IMMEDIATE'); // holds the write lock past the store's busy timeout
      const impatient = new SqliteEventStore(path, { busyTimeoutMs: 50 });
      try {
        const outcomes = await Promise.allSettled([
          impatient.append('volume-1', [event('A')], 'no_stream'),
          impatient.append('volume-2', [event('B')], 'no_stream'),
        ]);
        expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected']);
        expect(String((outcomes[0] as PromiseRejectedResult).reason)).toMatch(/locked|busy/i);
        other.exec('ROLLBACK');
        expect(await impatient.readAll()).toEqual([]);
        expect(impatient.appendStats()).toEqual({ appends: 0, commits: 0 });
      } finally {
        if (other.inTransaction) other.exec('ROLLBACK');
        other.close();
        await impatient.close();
      }
    });
  });

  describe('waking subscriptions', () => {
    // Polls so rare that only a wake can deliver within the test.
    const sleepy = { pollIntervalMs: 60_000, maxPollIntervalMs: 60_000 };

    /** Milliseconds from `append` until the waiting subscription delivers the event it appended. */
    async function deliveryTime(follower: SqliteEventStore, append: (e: NewEvent) => Promise<unknown>) {
      const subscription = follower.subscribe();
      try {
        const events = subscription[Symbol.asyncIterator]();
        const next = events.next();
        await new Promise((resolve) => setTimeout(resolve, 50)); // the subscription is idle by now
        const appended = event('A');
        const started = Date.now();
        await append(appended);
        const timeout = new Promise<'timeout'>((resolve) => setTimeout(resolve, 3_000, 'timeout').unref());
        const delivered = await Promise.race([next, timeout]);
        expect(delivered).toEqual({ done: false, value: expect.objectContaining({ id: appended.id }) });
        return Date.now() - started;
      } finally {
        await subscription.close();
      }
    }

    it("wakes on this store's own commits instead of waiting for the next poll", async () => {
      const follower = new SqliteEventStore(path, sleepy);
      try {
        expect(await deliveryTime(follower, (e) => follower.append('volume-1', [e], 'no_stream'))).toBeLessThan(1_000);
      } finally {
        await follower.close();
      }
    });

    it('wakes on commits made through another connection to the file (another process)', async () => {
      const follower = new SqliteEventStore(path, sleepy);
      try {
        // `store` is a connection of its own; the follower learns of its commit from the WAL file.
        expect(await deliveryTime(follower, (e) => store.append('volume-1', [e], 'no_stream'))).toBeLessThan(1_000);
      } finally {
        await follower.close();
      }
    });
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
