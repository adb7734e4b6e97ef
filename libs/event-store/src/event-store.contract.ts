import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import {
  WrongExpectedRevisionError,
  type EventStore,
  type NewEvent,
  type RecordedEvent,
  type Subscription,
} from './event-store.port';

export interface EventStoreFixture {
  store: EventStore;
  /**
   * Opens another store over the same data, as a restarted process would. The contract closes
   * the stores it gets from here. Omit for stores whose data does not outlive them.
   */
  reopen?: () => Promise<EventStore>;
  /** Closes `store` (which may already be closed) and removes its data. */
  cleanup: () => Promise<void>;
}

/**
 * How long a test waits for a subscription to deliver what it expects: under jest's default 5 s
 * test timeout (jest ignores a per-project testTimeout), so a missing event fails with a message
 * that says which.
 */
const DELIVERY_TIMEOUT_MS = 4_000;

/**
 * The behaviour every EventStore adapter must show. Stream names carry a random prefix per test,
 * and subscription checks look only at their own streams, so the suite can run against a shared
 * EventStoreDB server that already holds other events.
 */
export function describeEventStoreContract(adapterName: string, create: () => Promise<EventStoreFixture>): void {
  describe(`EventStore contract: ${adapterName}`, () => {
    let fixture: EventStoreFixture;
    let store: EventStore;
    /** Unique per test; every stream of the test starts with it. */
    let prefix: string;
    const opened: EventStore[] = [];
    const subscriptions: Subscription[] = [];

    const stream = (name: string) => `${prefix}${name}`;
    const ours = (event: RecordedEvent) => event.streamId.startsWith(prefix);
    const subscribe = (...args: Parameters<EventStore['subscribe']>) => {
      const subscription = store.subscribe(...args);
      subscriptions.push(subscription);
      return subscription;
    };

    beforeEach(async () => {
      fixture = await create();
      store = fixture.store;
      prefix = `contract_${randomUUID().replaceAll('-', '')}-`;
    });

    afterEach(async () => {
      await Promise.all(subscriptions.splice(0).map((s) => s.close()));
      await Promise.all(opened.splice(0).map((s) => s.close()));
      await fixture.cleanup();
    });

    describe('append and readStream', () => {
      it('creates a stream with no_stream at revision 0 and reads the event back intact', async () => {
        const event = newEvent('VolumeCreated', {
          volumeId: 'vol-1',
          size: 10,
          tags: ['a', 'ü'],
          nested: { bootable: false, image: null },
        });
        event.metadata = { correlationId: randomUUID(), requestId: 'req-1' };

        const result = await store.append(stream('volume'), [event], 'no_stream');

        expect(result.nextRevision).toBe(0);
        const [stored, ...rest] = await store.readStream(stream('volume'));
        expect(rest).toEqual([]);
        expect(stored).toEqual({
          ...event,
          streamId: stream('volume'),
          revision: 0,
          position: result.position,
          recordedAt: expect.any(String),
        });
        expect(typeof stored.position).toBe('bigint');
        expect(Math.abs(Date.parse(stored.recordedAt) - Date.now())).toBeLessThan(60_000);
      });

      it('numbers a batch with consecutive revisions and reports the last one', async () => {
        const events = [newEvent('A'), newEvent('B'), newEvent('C')];

        const result = await store.append(stream('s'), events, 'no_stream');

        const stored = await store.readStream(stream('s'));
        expect(stored.map((e) => [e.id, e.revision])).toEqual(events.map((e, i) => [e.id, i]));
        expect(result).toEqual({ nextRevision: 2, position: stored[2].position });
        expect(stored[0].position < stored[1].position && stored[1].position < stored[2].position).toBe(true);
      });

      it('rejects an append without events', async () => {
        await expect(store.append(stream('s'), [], 'any')).rejects.toThrow(RangeError);
      });

      it('rejects no_stream on an existing stream and writes nothing', async () => {
        const first = newEvent('A');
        await store.append(stream('s'), [first], 'no_stream');

        const error = await store.append(stream('s'), [newEvent('B')], 'no_stream').catch((e: unknown) => e);

        expect(error).toBeInstanceOf(WrongExpectedRevisionError);
        expect(error).toMatchObject({ streamId: stream('s'), expected: 'no_stream', actual: 0 });
        expect(await ids(store, stream('s'))).toEqual([first.id]);
      });

      it('rejects a wrong exact revision and writes nothing', async () => {
        const batch = [newEvent('A'), newEvent('B')];
        await store.append(stream('s'), batch, 'no_stream');

        const error = await store.append(stream('s'), [newEvent('C')], 0).catch((e: unknown) => e);

        expect(error).toBeInstanceOf(WrongExpectedRevisionError);
        expect(error).toMatchObject({ expected: 0, actual: 1 });
        expect(await ids(store, stream('s'))).toEqual(batch.map((e) => e.id));
        expect(await store.streamRevision(stream('s'))).toBe(1);
      });

      it('rejects an exact revision on a stream that does not exist and creates nothing', async () => {
        const error = await store.append(stream('absent'), [newEvent('A')], 0).catch((e: unknown) => e);

        expect(error).toBeInstanceOf(WrongExpectedRevisionError);
        expect(error).toMatchObject({ expected: 0, actual: null });
        expect(await store.streamRevision(stream('absent'))).toBeNull();
      });

      it('appends at the exact current revision and moves the stream on', async () => {
        await store.append(stream('s'), [newEvent('A')], 'no_stream');
        const second = await store.append(stream('s'), [newEvent('B')], 0);
        const third = await store.append(stream('s'), [newEvent('C'), newEvent('D')], 1);

        expect(second.nextRevision).toBe(1);
        expect(third.nextRevision).toBe(3);
        expect(third.position > second.position).toBe(true);
        expect((await store.readStream(stream('s'))).map((e) => e.type)).toEqual(['A', 'B', 'C', 'D']);
      });

      it("'any' appends whether or not the stream exists", async () => {
        const created = await store.append(stream('s'), [newEvent('A')], 'any');
        const appended = await store.append(stream('s'), [newEvent('B')], 'any');

        expect([created.nextRevision, appended.nextRevision]).toEqual([0, 1]);
      });

      it("'stream_exists' rejects an absent stream and appends to an existing one", async () => {
        const error = await store.append(stream('s'), [newEvent('A')], 'stream_exists').catch((e: unknown) => e);
        expect(error).toBeInstanceOf(WrongExpectedRevisionError);
        expect(await store.streamRevision(stream('s'))).toBeNull();

        await store.append(stream('s'), [newEvent('A')], 'no_stream');
        const result = await store.append(stream('s'), [newEvent('B')], 'stream_exists');

        expect(result.nextRevision).toBe(1);
      });

      it('stores a retried append once and answers the retry with the original result', async () => {
        await store.append(stream('s'), [newEvent('Before')], 'no_stream');
        const batch = [newEvent('A'), newEvent('B')];

        const original = await store.append(stream('s'), batch, 0);
        const retry = await store.append(stream('s'), batch, 0);

        expect(retry).toEqual(original);
        expect(await ids(store, stream('s'))).toHaveLength(3);
      });

      it('recognises a retry after the stream has moved on', async () => {
        const batch = [newEvent('A')];
        const original = await store.append(stream('s'), batch, 'no_stream');
        await store.append(stream('s'), [newEvent('B')], 0);

        const retry = await store.append(stream('s'), batch, 'no_stream');

        expect(retry).toEqual(original);
        expect(await ids(store, stream('s'))).toHaveLength(2);
      });

      it('lets exactly one of two concurrent appenders at the same revision win', async () => {
        const created = newEvent('Created');
        await store.append(stream('s'), [created], 'no_stream');
        const contenders = [newEvent('ExtendRequested'), newEvent('DeleteRequested')];

        const outcomes = await Promise.allSettled(contenders.map((e) => store.append(stream('s'), [e], 0)));

        const winners = outcomes.flatMap((o, i) => (o.status === 'fulfilled' ? [contenders[i]] : []));
        const losers = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason as unknown] : []));
        expect(winners).toHaveLength(1);
        expect(losers).toHaveLength(1);
        expect(losers[0]).toBeInstanceOf(WrongExpectedRevisionError);
        const stored = await store.readStream(stream('s'));
        expect(stored.map((e) => e.id)).toEqual([created.id, winners[0].id]);
      });

      it('reads a stream from a revision', async () => {
        await store.append(stream('s'), [newEvent('A'), newEvent('B'), newEvent('C')], 'no_stream');

        expect((await store.readStream(stream('s'), 1)).map((e) => e.revision)).toEqual([1, 2]);
        expect(await store.readStream(stream('s'), 3)).toEqual([]);
        expect(await store.readStream(stream('absent'))).toEqual([]);
      });

      it('reports the revision of the last event, or null for an absent stream', async () => {
        expect(await store.streamRevision(stream('s'))).toBeNull();
        await store.append(stream('s'), [newEvent('A'), newEvent('B')], 'no_stream');
        expect(await store.streamRevision(stream('s'))).toBe(1);
      });
    });

    describe('readAll', () => {
      it('reads all streams in global order, after a position (exclusive), up to maxCount', async () => {
        const x1 = await appendOne(store, stream('x'), 'X1');
        const y1 = await appendOne(store, stream('y'), 'Y1');
        const x2 = await appendOne(store, stream('x'), 'X2');

        const all = (await store.readAll()).filter(ours);
        expect(all.map((e) => e.type)).toEqual(['X1', 'Y1', 'X2']);
        expect(all.map((e) => e.position)).toEqual([x1.position, y1.position, x2.position]);

        const afterX1 = await store.readAll({ after: x1.position });
        expect(afterX1.every((e) => e.position > x1.position)).toBe(true);
        expect(afterX1.filter(ours).map((e) => e.type)).toEqual(['Y1', 'X2']);

        expect((await store.readAll({ after: x1.position, maxCount: 1 })).map((e) => e.type)).toEqual(['Y1']);
        expect(await store.readAll({ after: x2.position })).toEqual([]);
      });
    });

    describe('subscribe', () => {
      it('delivers every event from the start in order, then events appended later', async () => {
        await appendOne(store, stream('a'), 'A1');
        await appendOne(store, stream('b'), 'B1');
        const history = await appendOne(store, stream('a'), 'A2');
        const events = subscribe()[Symbol.asyncIterator]();

        const caughtUp = await readUntil(events, history.id, ours);
        expect(caughtUp.map((e) => e.type)).toEqual(['A1', 'B1', 'A2']);
        expectIncreasingPositions(caughtUp);

        // Ask for the next events before they exist, so they must arrive live.
        const lastId = randomUUID();
        const live = readUntil(events, lastId, ours);
        await delay(50);
        await appendOne(store, stream('b'), 'B2');
        await appendOne(store, stream('a'), 'A3', lastId);
        expect((await live).map((e) => e.type)).toEqual(['B2', 'A3']);
      });

      it('delivers only streams with one of the given prefixes', async () => {
        const events = subscribe({ streamPrefixes: [stream('volume-'), stream('snapshot-')] })[
          Symbol.asyncIterator
        ]();

        await appendOne(store, stream('volume-1'), 'V1');
        await appendOne(store, stream('backup-1'), 'B1');
        await appendOne(store, stream('snapshot-1'), 'S1');
        const last = await appendOne(store, stream('volume-2'), 'V2');

        const delivered = await readUntil(events, last.id, () => true);
        expect(delivered.map((e) => e.type)).toEqual(['V1', 'S1', 'V2']);
      });

      it('resumes from a checkpoint after a restart with every later event exactly once', async () => {
        await appendOne(store, stream('a'), 'A1');
        await appendOne(store, stream('b'), 'B1');
        const seenLast = await appendOne(store, stream('a'), 'A2');
        const first = subscribe();
        const seen = await readUntil(first[Symbol.asyncIterator](), seenLast.id, ours);
        // The follower handled B1 but not yet A2 when it stopped.
        const checkpoint = seen[1].position;
        await first.close();
        if (fixture.reopen) {
          await store.close();
          store = await fixture.reopen();
          opened.push(store);
        }

        await appendOne(store, stream('b'), 'B2');
        const last = await appendOne(store, stream('a'), 'A3');
        const afterCheckpoint = subscribe({ after: checkpoint })[Symbol.asyncIterator]();
        const resumed = await readUntil(afterCheckpoint, last.id, () => true);

        expect(resumed.every((e) => e.position > checkpoint)).toBe(true);
        expect(resumed.filter(ours).map((e) => e.type)).toEqual(['A2', 'B2', 'A3']);
        expectIncreasingPositions(resumed);
      });

      it('ends the iteration when closed, also while waiting for events', async () => {
        const subscription = subscribe({ streamPrefixes: [stream('quiet')] });
        const events = subscription[Symbol.asyncIterator]();

        const waiting = events.next();
        await delay(50);
        await subscription.close();

        await expect(waiting).resolves.toEqual({ done: true, value: undefined });
        await expect(events.next()).resolves.toMatchObject({ done: true });
      });
    });
  });
}

function newEvent(type: string, data: Record<string, unknown> = {}, id: string = randomUUID()): NewEvent {
  return { id, type, data, metadata: {} };
}

/** Appends one event without a revision check; returns it as the store recorded it. */
async function appendOne(store: EventStore, streamId: string, type: string, id?: string) {
  const event = newEvent(type, { type }, id);
  const { position } = await store.append(streamId, [event], 'any');
  return { ...event, position };
}

async function ids(store: EventStore, streamId: string): Promise<string[]> {
  return (await store.readStream(streamId)).map((e) => e.id);
}

function expectIncreasingPositions(events: RecordedEvent[]): void {
  for (let i = 1; i < events.length; i++) expect(events[i].position > events[i - 1].position).toBe(true);
}

/**
 * Reads until the event with `stopId` and returns what `keep` accepts on the way. Fails instead
 * of waiting forever when the subscription never delivers it.
 */
async function readUntil(
  events: AsyncIterator<RecordedEvent>,
  stopId: string,
  keep: (event: RecordedEvent) => boolean,
): Promise<RecordedEvent[]> {
  const kept: RecordedEvent[] = [];
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), DELIVERY_TIMEOUT_MS);
  });
  try {
    for (;;) {
      const next = await Promise.race([events.next(), timeout]);
      if (next === 'timeout' || next.done) {
        const why = next === 'timeout' ? `within ${DELIVERY_TIMEOUT_MS} ms` : 'before the subscription ended';
        throw new Error(`Event ${stopId} was not delivered ${why}; got ${kept.map((e) => e.type).join(', ')}`);
      }
      if (keep(next.value)) kept.push(next.value);
      if (next.value.id === stopId) return kept;
    }
  } finally {
    clearTimeout(timer);
  }
}
