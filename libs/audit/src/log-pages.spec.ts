import { MemoryEventStore, type EventStore, type ReadAllOptions } from '@app/event-store';
import { findHeadPosition, logPages, volumeEvents } from './log-pages';

const event = (n: number) => ({ id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`, type: 'T', data: {}, metadata: {} });

async function storeWith(count: number, stream = (n: number) => (n % 3 ? 'volume-a' : 'other-b')) {
  const store = new MemoryEventStore();
  for (let n = 1; n <= count; n++) await store.append(stream(n), [event(n)], 'any');
  return store;
}

/** The same log with positions spread out, as EventStoreDB's commit positions are. */
class SparseStore extends MemoryEventStore {
  static readonly SCALE = 1_000_003n;
  reads = 0;

  override async readAll({ after, maxCount }: ReadAllOptions = {}) {
    this.reads++;
    const dense = after === undefined ? undefined : after / SparseStore.SCALE;
    const events = await super.readAll({ after: dense, maxCount });
    return events.map((e) => ({ ...e, position: e.position * SparseStore.SCALE }));
  }
}

describe('reading the log a page at a time', () => {
  it('yields every event once, in order, in pages of at most the page size', async () => {
    const store = await storeWith(25);
    const pages: number[][] = [];
    for await (const page of logPages(store, { pageSize: 10 })) pages.push(page.map((e) => Number(e.position)));
    expect(pages.map((p) => p.length)).toEqual([10, 10, 5]);
    expect(pages.flat()).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
  });

  it('yields only volume streams, reporting progress over the whole log', async () => {
    const store = await storeWith(9);
    const progress: Array<[number, bigint]> = [];
    const seen: string[] = [];
    for await (const e of volumeEvents(store, 'volume-', { pageSize: 4, onPage: (n, at) => progress.push([n, at]) })) seen.push(e.streamId);
    expect(seen).toHaveLength(6);
    expect(new Set(seen)).toEqual(new Set(['volume-a']));
    expect(progress).toEqual([[4, 4n], [8, 8n], [9, 9n]]);
  });
});

describe('findHeadPosition', () => {
  it('is null for an empty log', async () => {
    expect(await findHeadPosition(new MemoryEventStore())).toBeNull();
  });

  it.each([1, 2, 3, 1000, 1025])('finds the newest of %i events', async (count) => {
    expect(await findHeadPosition(await storeWith(count))).toBe(BigInt(count));
  });

  it('finds it among sparse positions with a number of reads logarithmic in the position', async () => {
    const store = new SparseStore();
    for (let n = 1; n <= 500; n++) await store.append('volume-a', [event(n)], 'any');
    expect(await findHeadPosition(store)).toBe(500n * SparseStore.SCALE);
    expect(store.reads).toBeLessThan(2 * 40);
  });

  it('reads to the end when the store refuses a position that is not an event\'s', async () => {
    const store = await storeWith(30);
    const positions = new Set((await store.readAll()).map((e) => e.position));
    const strict: EventStore = Object.create(store, {
      readAll: {
        value: (options: ReadAllOptions = {}) => {
          if (options.after !== undefined && !positions.has(options.after)) throw new Error('Invalid position');
          return store.readAll(options);
        },
      },
    });
    expect(await findHeadPosition(strict)).toBe(30n);
  });
});
