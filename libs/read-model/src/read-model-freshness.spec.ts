import { MemoryEventStore } from '@app/event-store';
import { logHeadFrom, ReadModelFreshness } from './read-model-freshness';

const event = (n: number) => ({ id: `a0000000-0000-4000-8000-${String(n).padStart(12, '0')}`, type: 'T', data: {}, metadata: {} });

describe('waiting for the projector before a list (read-your-writes)', () => {
  let store: MemoryEventStore;
  let checkpoint: bigint | undefined;
  let reads: number;

  beforeEach(async () => {
    store = new MemoryEventStore();
    for (let i = 0; i < 5; i++) await store.append(`s-${i}`, [event(i)], 'no_stream');
    checkpoint = undefined;
    reads = 0;
  });

  const freshness = (timeoutMs = 500) =>
    new ReadModelFreshness(store, async () => {
      reads++;
      return checkpoint;
    }, { timeoutMs, pollMs: 2 });

  it('answers at once when the projector has every event', async () => {
    checkpoint = (await store.readAll()).at(-1)!.position;
    expect(await freshness().awaitHead()).toMatchObject({ fresh: true, waitedMs: 0 });
    expect(reads).toBe(1);
  });

  it('waits until the projector reaches the head as it was when the read began, not later writes', async () => {
    const head = (await store.readAll()).at(-1)!.position;
    const waiting = freshness().awaitHead();
    await new Promise((r) => setTimeout(r, 20));
    await store.append('s-late', [event(99)], 'no_stream');
    checkpoint = head;
    expect(await waiting).toMatchObject({ fresh: true, head, checkpoint: head });
  });

  it('gives up after the timeout, saying the read model may lag', async () => {
    checkpoint = 2n;
    const result = await freshness(50).awaitHead();
    expect(result).toMatchObject({ fresh: false, checkpoint: 2n });
    expect(result.waitedMs).toBeGreaterThanOrEqual(45);
  });

  it('serves many waiting reads with one poller', async () => {
    const f = freshness();
    const waiting = Promise.all(Array.from({ length: 20 }, () => f.awaitHead()));
    await new Promise((r) => setTimeout(r, 30));
    const before = reads;
    await new Promise((r) => setTimeout(r, 30));
    // One read every 2 ms, not twenty.
    expect(reads - before).toBeLessThan(25);
    checkpoint = (await store.readAll()).at(-1)!.position;
    expect((await waiting).every((r) => r.fresh)).toBe(true);
  });

  it('finds the head from a known event', async () => {
    const all = await store.readAll();
    expect(await logHeadFrom(store, all[1].position)).toBe(all[4].position);
    expect(await logHeadFrom(store, all[4].position)).toBe(all[4].position);
  });
});
