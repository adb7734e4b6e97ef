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

/** Stored as JSON text, like the durable stores, so unit tests meet the same serialisation. */
interface StoredEvent {
  id: string;
  streamId: string;
  revision: number;
  position: bigint;
  type: string;
  data: string;
  metadata: string;
  recordedAt: string;
}

/** The SQLite adapter's semantics without I/O, for unit tests. Not shared between processes. */
export class MemoryEventStore implements EventStore {
  /** Index i holds position i + 1. */
  private readonly log: StoredEvent[] = [];
  private readonly streams = new Map<string, StoredEvent[]>();
  private readonly byId = new Map<string, StoredEvent>();
  private readonly appendListeners = new Set<() => void>();
  private readonly subscriptions = new Set<PollingSubscription>();

  async append(streamId: string, events: NewEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    assertHasEvents(streamId, events);
    const retried = this.retriedAppend(streamId, events);
    if (retried) return retried;

    const stream = this.streams.get(streamId) ?? [];
    assertExpectedRevision(streamId, expected, stream.length === 0 ? null : stream.length - 1);
    const ids = new Set<string>();
    for (const { id } of events) {
      if (this.byId.has(id) || ids.has(id)) throw new Error(`Event id ${id} is already stored`);
      ids.add(id);
    }

    const recordedAt = new Date().toISOString();
    for (const event of events) {
      const stored: StoredEvent = {
        id: event.id,
        streamId,
        revision: stream.length,
        position: BigInt(this.log.length + 1),
        type: event.type,
        data: JSON.stringify(event.data),
        metadata: JSON.stringify(event.metadata),
        recordedAt,
      };
      stream.push(stored);
      this.log.push(stored);
      this.byId.set(stored.id, stored);
    }
    this.streams.set(streamId, stream);
    for (const listener of [...this.appendListeners]) listener();

    const last = stream[stream.length - 1];
    return { nextRevision: last.revision, position: last.position };
  }

  async readStream(streamId: string, fromRevision = 0): Promise<RecordedEvent[]> {
    return (this.streams.get(streamId) ?? []).slice(fromRevision).map(toRecordedEvent);
  }

  async streamRevision(streamId: string): Promise<number | null> {
    const stream = this.streams.get(streamId);
    return stream ? stream.length - 1 : null;
  }

  async readAll({ after = 0n, maxCount }: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const start = Number(after);
    const end = maxCount === undefined ? undefined : start + maxCount;
    return this.log.slice(start, end).map(toRecordedEvent);
  }

  subscribe({ after = 0n, streamPrefixes }: SubscribeOptions = {}): Subscription {
    const matches = (streamId: string) =>
      !streamPrefixes || streamPrefixes.some((prefix) => streamId.startsWith(prefix));
    const subscription = new PollingSubscription(
      {
        readPage: (from): EventPage => {
          const unseen = this.log.slice(Number(from));
          return {
            events: unseen.filter((e) => matches(e.streamId)).map(toRecordedEvent),
            next: from + BigInt(unseen.length),
          };
        },
        waitForChange: (_idleRounds, signal) => this.nextAppend(signal),
      },
      after,
      (closed) => this.subscriptions.delete(closed),
    );
    this.subscriptions.add(subscription);
    return subscription;
  }

  async close(): Promise<void> {
    await Promise.all([...this.subscriptions].map((s) => s.close()));
  }

  /** The original result when the batch was already stored in this stream (the caller retried). */
  private retriedAppend(streamId: string, events: NewEvent[]): AppendResult | undefined {
    const first = this.byId.get(events[0].id);
    if (!first) return undefined;
    if (first.streamId !== streamId) {
      throw new Error(`Event id ${first.id} is already stored in stream ${first.streamId}, not ${streamId}`);
    }
    const last = this.byId.get(events[events.length - 1].id);
    if (last?.streamId !== streamId || last.revision !== first.revision + events.length - 1) {
      throw new Error(`Append to stream ${streamId} repeats event id ${first.id} but not the rest of its batch`);
    }
    return { nextRevision: last.revision, position: last.position };
  }

  private nextAppend(signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        this.appendListeners.delete(done);
        signal.removeEventListener('abort', done);
        resolve();
      };
      this.appendListeners.add(done);
      signal.addEventListener('abort', done, { once: true });
    });
  }
}

function toRecordedEvent(stored: StoredEvent): RecordedEvent {
  return {
    id: stored.id,
    streamId: stored.streamId,
    revision: stored.revision,
    position: stored.position,
    type: stored.type,
    data: JSON.parse(stored.data) as Record<string, unknown>,
    metadata: JSON.parse(stored.metadata) as Record<string, unknown>,
    recordedAt: stored.recordedAt,
  };
}
