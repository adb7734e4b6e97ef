import { mkdirSync, watch, type FSWatcher } from 'node:fs';
import { basename, dirname } from 'node:path';
import Database from 'better-sqlite3';
import { assertExpectedRevision, assertHasEvents } from './append-guards';
import type {
  AppendResult,
  EventStore,
  ExpectedRevision,
  NewEvent,
  ReadAllOptions,
  RecordedEvent,
  SubscribeOptions,
  Subscription,
} from './event-store.port';
import { PollingSubscription, type EventPage } from './polling-subscription';

export interface SqliteEventStoreOptions {
  /**
   * How soon a subscription polls again after a read found nothing. Commits wake subscriptions
   * sooner (see {@link SqliteEventStore}); the poll is what remains when no wake comes.
   */
  pollIntervalMs?: number;
  /** The longest a quiet subscription waits between polls. */
  maxPollIntervalMs?: number;
  /** How many rows a subscription reads at once while catching up. */
  batchSize?: number;
  /** How long a statement waits for another process's write lock before failing. */
  busyTimeoutMs?: number;
  /**
   * FULL syncs every append to disk, so an acknowledged append survives a power cut. NORMAL
   * (still safe from corruption in WAL mode) may lose the last appends on a power cut but skips
   * that fsync, roughly tripling append throughput.
   */
  synchronous?: 'FULL' | 'NORMAL';
}

/** Integer columns come back as bigint (positions can exceed 2^53); revisions are narrowed. */
interface EventRow {
  position: bigint;
  stream_id: string;
  revision: bigint;
  event_id: string;
  type: string;
  data: string;
  metadata: string;
  recorded_at: string;
}

type StoredRef = Pick<EventRow, 'stream_id' | 'revision' | 'position'>;

/** An append waiting for the next group commit, with how to answer its caller. */
interface PendingAppend {
  streamId: string;
  events: NewEvent[];
  expected: ExpectedRevision;
  resolve: (result: AppendResult) => void;
  reject: (error: unknown) => void;
}

type AppendOutcome = { result: AppendResult } | { error: unknown };

/** What this store has written since it opened: how well appends share commits. */
export interface SqliteAppendStats {
  appends: number;
  commits: number;
}

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS events (
    position    INTEGER PRIMARY KEY AUTOINCREMENT,
    stream_id   TEXT    NOT NULL,
    revision    INTEGER NOT NULL,
    event_id    TEXT    NOT NULL UNIQUE,
    type        TEXT    NOT NULL,
    data        TEXT    NOT NULL,
    metadata    TEXT    NOT NULL,
    recorded_at TEXT    NOT NULL,
    UNIQUE (stream_id, revision)
  ) STRICT`;

const COLUMNS = 'position, stream_id, revision, event_id, type, data, metadata, recorded_at';

/**
 * Event store in one SQLite file that several processes (api and workers) open at once. WAL lets
 * readers run beside the single writer; appends take the write lock up front (BEGIN IMMEDIATE) so
 * the revision check and the inserts cannot interleave with another process's append.
 * SQLite cannot notify other processes of a commit, so subscriptions poll; but every commit
 * writes to the WAL file, so a watch on it (inotify) wakes them at once, in whichever process
 * committed, and a commit of this store wakes its own directly. A watch that cannot be set up,
 * or misses a change, only leaves the poll to find it.
 *
 * Appends are group-committed: those made in the same turn of the event loop are written in one
 * transaction, so they share one fsync (the cost of an append with synchronous=FULL, paid on the
 * event loop). Each runs in a savepoint of its own, so a failed revision check or a repeated id
 * undoes and fails only that append; each promise settles after the commit, so an acknowledged
 * append is exactly as durable as before; positions follow the order of the calls.
 */
export class SqliteEventStore implements EventStore {
  private readonly db: Database.Database;
  private readonly options: Required<SqliteEventStoreOptions>;
  private readonly subscriptions = new Set<PollingSubscription>();
  /** Subscriptions waiting for the log to move, each woken by calling it. */
  private readonly waiting = new Set<() => void>();
  private walWatcher: FSWatcher | null = null;
  private pending: PendingAppend[] = [];
  private readonly stats: SqliteAppendStats = { appends: 0, commits: 0 };

  private readonly insertEvent;
  private readonly findEvent;
  private readonly lastRevision;
  private readonly headPosition;
  private readonly selectStream;
  private readonly selectAll;
  private readonly selectRange;
  private readonly appendInSavepoint;
  private readonly commitGroup;

  constructor(
    private readonly path: string,
    options: SqliteEventStoreOptions = {},
  ) {
    this.options = {
      pollIntervalMs: 10,
      maxPollIntervalMs: 50,
      batchSize: 500,
      busyTimeoutMs: 5000,
      synchronous: 'FULL',
      ...options,
    };
    mkdirSync(dirname(path), { recursive: true });
    this.db = new Database(path);
    // Set first: switching to WAL and creating the table may wait for another process's lock.
    this.db.pragma(`busy_timeout = ${this.options.busyTimeoutMs}`);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma(`synchronous = ${this.options.synchronous}`);
    this.db.exec(SCHEMA);

    this.insertEvent = this.db
      .prepare<[string, number, string, string, string, string, string]>(
        `INSERT INTO events (stream_id, revision, event_id, type, data, metadata, recorded_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      )
      .safeIntegers(); // so lastInsertRowid is an exact bigint
    this.findEvent = this.db
      .prepare<[string], StoredRef>('SELECT stream_id, revision, position FROM events WHERE event_id = ?')
      .safeIntegers();
    this.lastRevision = this.db
      .prepare<[string], number | null>('SELECT MAX(revision) FROM events WHERE stream_id = ?')
      .pluck();
    this.headPosition = this.db
      .prepare<[], bigint | null>('SELECT MAX(position) FROM events')
      .pluck()
      .safeIntegers();
    this.selectStream = this.db
      .prepare<[string, number], EventRow>(
        `SELECT ${COLUMNS} FROM events WHERE stream_id = ? AND revision >= ? ORDER BY revision`,
      )
      .safeIntegers();
    this.selectAll = this.db
      .prepare<[bigint, number], EventRow>(
        `SELECT ${COLUMNS} FROM events WHERE position > ? ORDER BY position LIMIT ?`,
      )
      .safeIntegers();
    this.selectRange = this.db
      .prepare<[bigint, bigint, number], EventRow>(
        `SELECT ${COLUMNS} FROM events WHERE position > ? AND position <= ? ORDER BY position LIMIT ?`,
      )
      .safeIntegers();
    // Called inside commitGroup's transaction, a better-sqlite3 transaction function runs as a
    // savepoint: released when it returns, rolled back (alone) when it throws.
    this.appendInSavepoint = this.db.transaction(this.appendInTransaction.bind(this));
    this.commitGroup = this.db.transaction(this.appendEach.bind(this));
  }

  append(streamId: string, events: NewEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    try {
      assertHasEvents(streamId, events);
    } catch (error) {
      return Promise.reject(error);
    }
    return new Promise((resolve, reject) => {
      // setImmediate runs after the I/O callbacks of this loop turn, so every request that
      // arrived with this one has had its chance to append by then.
      if (this.pending.push({ streamId, events, expected, resolve, reject }) === 1) {
        setImmediate(() => this.commitPending());
      }
    });
  }

  /** Appends committed and commits made so far; the ratio says how many appends share an fsync. */
  appendStats(): SqliteAppendStats {
    return { ...this.stats };
  }

  async readStream(streamId: string, fromRevision = 0): Promise<RecordedEvent[]> {
    return this.selectStream.all(streamId, fromRevision).map(toRecordedEvent);
  }

  async streamRevision(streamId: string): Promise<number | null> {
    return this.lastRevision.get(streamId) ?? null;
  }

  async readAll({ after = 0n, maxCount = -1 }: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    // LIMIT -1 is SQLite for "no limit".
    return this.selectAll.all(after, maxCount).map(toRecordedEvent);
  }

  subscribe({ after = 0n, streamPrefixes }: SubscribeOptions = {}): Subscription {
    const readRange = this.rangeReader(streamPrefixes);
    const { batchSize, pollIntervalMs, maxPollIntervalMs } = this.options;
    const subscription = new PollingSubscription(
      {
        readPage: (from): EventPage => {
          // The cheap check runs on every poll; the range query only when something arrived. The
          // range stops at the head read here, so `next = head` cannot pass over a row committed
          // in between.
          const head = this.headPosition.get() ?? 0n;
          if (head <= from) return { events: [], next: from };
          const rows = readRange(from, head, batchSize);
          const next = rows.length === batchSize ? rows[rows.length - 1].position : head;
          return { events: rows.map(toRecordedEvent), next };
        },
        waitForChange: (idleRounds, signal) =>
          this.nextCommit(Math.min(pollIntervalMs * idleRounds, maxPollIntervalMs), signal),
      },
      after,
      (closed) => this.subscriptions.delete(closed),
    );
    this.subscriptions.add(subscription);
    this.watchCommits();
    return subscription;
  }

  async close(): Promise<void> {
    if (!this.db.open) return;
    // Appends already accepted are written, not dropped, by a close in the same tick.
    this.commitPending();
    await Promise.all([...this.subscriptions].map((s) => s.close()));
    this.walWatcher?.close();
    this.walWatcher = null;
    this.db.close();
  }

  /** Resolves on the next commit seen, after `timeoutMs` (the poll), or when `signal` aborts. */
  private nextCommit(timeoutMs: number, signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.waiting.delete(wake);
        signal.removeEventListener('abort', wake);
        resolve();
      };
      const timer = setTimeout(wake, timeoutMs);
      this.waiting.add(wake);
      signal.addEventListener('abort', wake, { once: true });
    });
  }

  private wakeSubscriptions(): void {
    for (const wake of [...this.waiting]) wake();
  }

  /**
   * Watches the folder rather than the WAL file itself, so the watch outlives SQLite deleting
   * and recreating the WAL (when the last connection to the file closes).
   */
  private watchCommits(): void {
    if (this.walWatcher) return;
    const wal = `${basename(this.path)}-wal`;
    try {
      this.walWatcher = watch(dirname(this.path), { persistent: false }, (_, file) => {
        if (file === wal) this.wakeSubscriptions();
      });
      this.walWatcher.on('error', () => {
        this.walWatcher?.close();
        this.walWatcher = null;
      });
    } catch {
      // No inotify watch left (or no such facility): the poll alone finds new events.
    }
  }

  /** Writes every pending append in one BEGIN IMMEDIATE transaction, then answers each caller. */
  private commitPending(): void {
    const group = this.pending;
    if (group.length === 0) return;
    this.pending = [];
    let outcomes: AppendOutcome[];
    try {
      outcomes = this.commitGroup.immediate(group);
    } catch (error) {
      // Nothing of the group was committed (lock timeout, I/O error, closed database).
      for (const append of group) append.reject(error);
      return;
    }
    this.stats.appends += outcomes.filter((outcome) => 'result' in outcome).length;
    this.stats.commits += 1;
    this.wakeSubscriptions();
    group.forEach((append, i) => {
      const outcome = outcomes[i];
      if ('result' in outcome) append.resolve(outcome.result);
      else append.reject(outcome.error);
    });
  }

  private appendEach(group: PendingAppend[]): AppendOutcome[] {
    return group.map(({ streamId, events, expected }) => {
      try {
        return { result: this.appendInSavepoint(streamId, events, expected) };
      } catch (error) {
        // Some errors (a full disk, say) make SQLite roll back the whole transaction: then the
        // group cannot commit, and every append in it must fail.
        if (!this.db.inTransaction) throw error;
        return { error };
      }
    });
  }

  private appendInTransaction(streamId: string, events: NewEvent[], expected: ExpectedRevision): AppendResult {
    const first = this.findEvent.get(events[0].id);
    if (first) return this.retriedAppend(streamId, events, first);

    const actual = this.lastRevision.get(streamId) ?? null;
    assertExpectedRevision(streamId, expected, actual);

    const recordedAt = new Date().toISOString();
    let revision = actual ?? -1;
    let position = 0n;
    for (const event of events) {
      revision += 1;
      position = this.insert(streamId, revision, event, recordedAt);
    }
    return { nextRevision: revision, position };
  }

  private insert(streamId: string, revision: number, event: NewEvent, recordedAt: string): bigint {
    try {
      const { lastInsertRowid } = this.insertEvent.run(
        streamId,
        revision,
        event.id,
        event.type,
        JSON.stringify(event.data),
        JSON.stringify(event.metadata),
        recordedAt,
      );
      return BigInt(lastInsertRowid);
    } catch (error) {
      // Only the first id is looked up before inserting; a later one collides here. (Duck-typed:
      // the native module's SqliteError need not share this realm's Error, e.g. under jest.)
      if (String((error as { message?: unknown }).message).includes('events.event_id')) {
        throw new Error(`Event id ${event.id} is already stored`, { cause: error });
      }
      throw error;
    }
  }

  /** EventStoreDB-style idempotency: a batch already stored in this stream is not written again. */
  private retriedAppend(streamId: string, events: NewEvent[], first: StoredRef): AppendResult {
    const id = events[0].id;
    if (first.stream_id !== streamId) {
      throw new Error(`Event id ${id} is already stored in stream ${first.stream_id}, not ${streamId}`);
    }
    const last = this.findEvent.get(events[events.length - 1].id);
    if (last?.stream_id !== streamId || Number(last.revision) !== Number(first.revision) + events.length - 1) {
      throw new Error(`Append to stream ${streamId} repeats event id ${id} but not the rest of its batch`);
    }
    return { nextRevision: Number(last.revision), position: last.position };
  }

  /** Rows in (from, to], optionally only of streams with one of the prefixes. */
  private rangeReader(streamPrefixes?: string[]): (from: bigint, to: bigint, limit: number) => EventRow[] {
    if (!streamPrefixes) return (from, to, limit) => this.selectRange.all(from, to, limit);
    const prefixParams = Object.fromEntries(streamPrefixes.map((prefix, i) => [`p${i}`, prefix]));
    const matchesPrefix = streamPrefixes.map((_, i) => `substr(stream_id, 1, length(@p${i})) = @p${i}`);
    // Prepared once per subscription: the number of prefixes shapes the SQL.
    const statement = this.db
      .prepare<[Record<string, unknown>], EventRow>(
        `SELECT ${COLUMNS} FROM events
         WHERE position > @from AND position <= @to AND (${matchesPrefix.join(' OR ') || 'FALSE'})
         ORDER BY position LIMIT @limit`,
      )
      .safeIntegers();
    return (from, to, limit) => statement.all({ ...prefixParams, from, to, limit });
  }
}

function toRecordedEvent(row: EventRow): RecordedEvent {
  return {
    id: row.event_id,
    streamId: row.stream_id,
    revision: Number(row.revision),
    position: row.position,
    type: row.type,
    data: JSON.parse(row.data) as Record<string, unknown>,
    metadata: JSON.parse(row.metadata) as Record<string, unknown>,
    recordedAt: row.recorded_at,
  };
}
