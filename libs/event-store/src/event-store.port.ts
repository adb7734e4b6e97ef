/**
 * The EventStore port. Every adapter (SQLite, EventStoreDB, in-memory) implements it and passes
 * the one contract suite in `event-store.contract.ts`.
 *
 * Revisions are per stream and start at 0. Positions are global, strictly increasing across all
 * streams, and opaque to callers beyond ordering: a checkpoint is the position of the last event
 * a follower handled.
 */

/** What the appender believes about the stream: absent, at an exact revision, present, or no check. */
export type ExpectedRevision = 'no_stream' | 'stream_exists' | 'any' | number;

export interface EventMetadata {
  [key: string]: unknown;
}

export interface NewEvent {
  /** A UUID chosen by the caller; appending an id that is already stored is a no-op (retry). */
  id: string;
  type: string;
  data: Record<string, unknown>;
  metadata: EventMetadata;
}

export interface RecordedEvent extends NewEvent {
  streamId: string;
  revision: number;
  position: bigint;
  /** When the store recorded it (ISO 8601, UTC). */
  recordedAt: string;
}

export interface AppendResult {
  /** Revision of the last event of the stream after the append. */
  nextRevision: number;
  /** Global position of the last event appended (or of the already-stored one on an idempotent retry). */
  position: bigint;
}

export interface ReadAllOptions {
  /** Exclusive: events strictly after this position. Omit to read from the start. */
  after?: bigint;
  maxCount?: number;
}

export interface SubscribeOptions {
  /** Exclusive checkpoint: deliver events strictly after it. Omit to start at the beginning. */
  after?: bigint;
  /** Only streams whose id starts with one of these prefixes. Omit for all streams. */
  streamPrefixes?: string[];
}

/**
 * A live subscription: catch-up from the checkpoint, then live. Iterate it with `for await`;
 * `close()` ends the iteration.
 */
export interface Subscription extends AsyncIterable<RecordedEvent> {
  close(): Promise<void>;
}

export interface EventStore {
  append(streamId: string, events: NewEvent[], expected: ExpectedRevision): Promise<AppendResult>;
  /** Events of one stream in revision order, from `fromRevision` (inclusive, default 0). Empty if absent. */
  readStream(streamId: string, fromRevision?: number): Promise<RecordedEvent[]>;
  /** Revision of the last event of the stream, or null when the stream does not exist. */
  streamRevision(streamId: string): Promise<number | null>;
  /** Events of all streams in global order. */
  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]>;
  subscribe(options?: SubscribeOptions): Subscription;
  close(): Promise<void>;
}

export class WrongExpectedRevisionError extends Error {
  override readonly name = 'WrongExpectedRevisionError';
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedRevision,
    readonly actual: number | null,
  ) {
    super(
      `Append to stream ${streamId} expected revision ${String(expected)} but the stream is at ` +
        `${actual === null ? 'no stream' : actual}`,
    );
  }
}

/** The store could not be reached or did not answer in time. */
export class EventStoreUnavailableError extends Error {
  override readonly name = 'EventStoreUnavailableError';
}

export const EVENT_STORE = Symbol('EventStore');
