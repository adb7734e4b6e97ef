import {
  ANY,
  BACKWARDS,
  DeadlineExceededError,
  END,
  FORWARDS,
  KurrentDBClient,
  NO_STREAM,
  START,
  STREAM_EXISTS,
  StreamNotFoundError,
  TimeoutError,
  UnavailableError,
  WrongExpectedVersionError,
  convertToCommandError,
  excludeSystemEvents,
  jsonEvent,
  streamNameFilter,
  type AllStreamResolvedEvent,
  type AllStreamSubscription,
  type AppendStreamState,
  type ReadPosition,
  type ReadStreamOptions,
  type RecordedEvent as KurrentRecordedEvent,
} from '@kurrent/kurrentdb-client';
import { assertHasEvents } from './append-guards';
import {
  EventStoreUnavailableError,
  WrongExpectedRevisionError,
  type AppendResult,
  type EventStore,
  type ExpectedRevision,
  type NewEvent,
  type ReadAllOptions,
  type RecordedEvent,
  type SubscribeOptions,
  type Subscription,
} from './event-store.port';

export interface KurrentDbEventStoreOptions {
  /**
   * Upper bound on every call, a whole read included. The client's own deadlines do not cover
   * connecting, so against a listener that accepts TCP but never answers a call would otherwise
   * hang for good.
   */
  timeoutMs?: number;
}

/**
 * EventStoreDB / KurrentDB behind our port. Our event ids are sent as the server's event ids, so
 * a retried append is recognised by the server and not written twice. A position is the event's
 * commit position in $all.
 */
export class KurrentDbEventStore implements EventStore {
  private readonly client: KurrentDBClient;
  private readonly timeoutMs: number;
  private readonly subscriptions = new Set<KurrentSubscription>();
  private closed = false;

  constructor(connectionString: string, { timeoutMs = 5000 }: KurrentDbEventStoreOptions = {}) {
    this.client = KurrentDBClient.connectionString(connectionString);
    this.timeoutMs = timeoutMs;
  }

  async append(streamId: string, events: NewEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    assertHasEvents(streamId, events);
    const proposed = events.map(({ id, type, data, metadata }) => jsonEvent({ id, type, data, metadata }));
    try {
      const result = await this.call('append', () =>
        this.client.appendToStream(streamId, proposed, {
          streamState: toStreamState(expected),
          deadline: this.timeoutMs,
        }),
      );
      const nextRevision = Number(result.nextExpectedRevision);
      // The server reports no position when it recognised the batch as a retry.
      const position = result.position?.commit ?? (await this.positionOf(streamId, nextRevision));
      return { nextRevision, position };
    } catch (error) {
      if (error instanceof WrongExpectedVersionError) {
        const actual = typeof error.actualState === 'bigint' ? Number(error.actualState) : null;
        throw new WrongExpectedRevisionError(streamId, expected, actual);
      }
      throw error;
    }
  }

  async readStream(streamId: string, fromRevision = 0): Promise<RecordedEvent[]> {
    return this.readStreamEvents(streamId, { fromRevision: BigInt(fromRevision), direction: FORWARDS });
  }

  async streamRevision(streamId: string): Promise<number | null> {
    const [last] = await this.readStreamEvents(streamId, { fromRevision: END, direction: BACKWARDS, maxCount: 1 });
    return last ? last.revision : null;
  }

  async readAll({ after, maxCount }: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    if (maxCount === 0) return [];
    return this.call('readAll', async () => {
      const events: RecordedEvent[] = [];
      const reads = this.client.readAll({
        fromPosition: toReadPosition(after),
        direction: FORWARDS,
        filter: excludeSystemEvents(),
        // Reading from a position includes the event at it, which the port excludes.
        maxCount: maxCount === undefined ? undefined : maxCount + 1,
        deadline: this.timeoutMs,
      });
      for await (const resolved of reads) {
        const event = fromResolved(resolved, after);
        if (!event) continue;
        events.push(event);
        if (events.length === maxCount) break;
      }
      return events;
    });
  }

  subscribe({ after, streamPrefixes }: SubscribeOptions = {}): Subscription {
    const source = this.client.subscribeToAll({
      fromPosition: toReadPosition(after),
      filter: streamPrefixes ? streamNameFilter({ prefixes: streamPrefixes }) : excludeSystemEvents(),
    });
    const subscription = new KurrentSubscription(source, after, this.timeoutMs, (closed) =>
      this.subscriptions.delete(closed),
    );
    this.subscriptions.add(subscription);
    return subscription;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([...this.subscriptions].map((s) => s.close()));
    await this.call('dispose', () => this.client.dispose()).catch(() => undefined);
  }

  private async readStreamEvents(
    streamId: string,
    options: ReadStreamOptions,
  ): Promise<RecordedEvent[]> {
    try {
      return await this.call('readStream', async () => {
        const events: RecordedEvent[] = [];
        for await (const { event, commitPosition } of this.client.readStream(streamId, {
          ...options,
          deadline: this.timeoutMs,
        })) {
          if (event) events.push(toRecordedEvent(event, event.position?.commit ?? commitPosition));
        }
        return events;
      });
    } catch (error) {
      if (error instanceof StreamNotFoundError) return [];
      throw error;
    }
  }

  private async positionOf(streamId: string, revision: number): Promise<bigint> {
    const [event] = await this.readStreamEvents(streamId, { fromRevision: BigInt(revision), maxCount: 1 });
    if (!event) throw new Error(`Stream ${streamId} has no event at revision ${revision}`);
    return event.position;
  }

  /** Runs one client call under the app-level timeout and turns "cannot reach" into our error. */
  private call<T>(operation: string, work: () => Promise<T>): Promise<T> {
    return withTimeout(work(), this.timeoutMs, operation).catch((error: unknown) => {
      throw toPortError(error);
    });
  }
}

/**
 * Wraps the client's $all subscription. The server confirms a subscription before sending
 * anything; no confirmation within the timeout means the server is not there. A lost connection
 * ends the iteration with EventStoreUnavailableError; the follower resubscribes from its checkpoint.
 */
class KurrentSubscription implements Subscription {
  private readonly closing = new AbortController();
  private readonly closed: Promise<IteratorReturnResult<undefined>>;
  private readonly unconfirmed: NodeJS.Timeout;
  private failure: Error | undefined;

  constructor(
    private readonly source: AllStreamSubscription,
    private readonly after: bigint | undefined,
    private readonly timeoutMs: number,
    private readonly onClose: (subscription: KurrentSubscription) => void,
  ) {
    this.closed = new Promise((resolve) =>
      this.closing.signal.addEventListener('abort', () => resolve({ done: true, value: undefined }), {
        once: true,
      }),
    );
    this.unconfirmed = setTimeout(() => {
      this.failure = new EventStoreUnavailableError(
        `KurrentDB did not confirm the subscription within ${timeoutMs} ms`,
      );
      void this.close();
    }, timeoutMs);
    source.once('confirmation', () => clearTimeout(this.unconfirmed));
    // Errors surface through iteration; without a listener an 'error' event would crash the process.
    source.on('error', () => undefined);
  }

  async *[Symbol.asyncIterator](): AsyncIterator<RecordedEvent> {
    const resolvedEvents = this.source[Symbol.asyncIterator]();
    try {
      while (!this.closing.signal.aborted) {
        const pending = resolvedEvents.next();
        pending.catch(() => undefined); // it may settle after close() has already ended the loop
        const next = await Promise.race([pending, this.closed]).catch((error: unknown) => {
          throw toPortError(error);
        });
        if (next.done) break;
        const event = fromResolved(next.value, this.after);
        if (event) yield event;
      }
      if (this.failure) throw this.failure;
    } finally {
      await this.close();
    }
  }

  async close(): Promise<void> {
    if (this.closing.signal.aborted) return;
    this.closing.abort();
    clearTimeout(this.unconfirmed);
    this.onClose(this);
    // unsubscribe() waits for the gRPC stream, which never comes when the server is unreachable.
    await withTimeout(this.source.unsubscribe(), this.timeoutMs, 'unsubscribe').catch(() => undefined);
    this.source.destroy();
  }
}

function toStreamState(expected: ExpectedRevision): AppendStreamState {
  switch (expected) {
    case 'no_stream':
      return NO_STREAM;
    case 'stream_exists':
      return STREAM_EXISTS;
    case 'any':
      return ANY;
    default:
      return BigInt(expected);
  }
}

/**
 * $all positions are (commit, prepare) pairs; ours is the commit position. Each append is an
 * implicit transaction whose events have commit = prepare, so the pair is rebuilt from it.
 */
function toReadPosition(after: bigint | undefined): ReadPosition {
  return after === undefined ? START : { commit: after, prepare: after };
}

/** Our event, or undefined for system events and for the checkpoint itself (reads include it). */
function fromResolved(resolved: AllStreamResolvedEvent, after: bigint | undefined): RecordedEvent | undefined {
  const { event } = resolved;
  if (!event || event.type.startsWith('$')) return undefined;
  const recorded = toRecordedEvent(event, event.position?.commit ?? resolved.commitPosition);
  return after !== undefined && recorded.position <= after ? undefined : recorded;
}

function toRecordedEvent(event: KurrentRecordedEvent, position: bigint | undefined): RecordedEvent {
  if (position === undefined) {
    throw new Error(`KurrentDB sent event ${event.id} without a position; server 22.6 or later is needed`);
  }
  return {
    id: event.id,
    streamId: event.streamId,
    revision: Number(event.revision),
    position,
    type: event.type,
    data: event.data as Record<string, unknown>,
    metadata: (event.metadata ?? {}) as Record<string, unknown>,
    recordedAt: event.created.toISOString(),
  };
}

function toPortError(error: unknown): unknown {
  // Not `instanceof Error`: errors made by the native bridge may come from another realm.
  if (typeof error !== 'object' || error === null) return error;
  const converted = convertToCommandError(error as Error);
  if (
    converted instanceof UnavailableError ||
    converted instanceof DeadlineExceededError ||
    converted instanceof TimeoutError
  ) {
    return new EventStoreUnavailableError(`KurrentDB is unavailable: ${converted.message}`, { cause: error });
  }
  return converted;
}

function withTimeout<T>(work: Promise<T>, timeoutMs: number, operation: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new EventStoreUnavailableError(`KurrentDB did not answer ${operation} within ${timeoutMs} ms`)),
      timeoutMs,
    );
  });
  work.catch(() => undefined); // a late failure after the timeout has nobody to report to
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
