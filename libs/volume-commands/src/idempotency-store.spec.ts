import { MemoryEventStore } from '@app/event-store';
import { testCommandContext } from './testing/test-command-context';
import { IdempotencyStore, requestBodyHash } from './idempotency-store';

const ctx = testCommandContext();
const record = (at: string) => ({ body_hash: requestBodyHash({ 'os-extend': { new_size: 2 } }), response: { status: 202 }, recorded_at: at });

describe('IdempotencyStore', () => {
  it('finds what a caller recorded under a key on a volume, and only that', async () => {
    const keys = new IdempotencyStore(new MemoryEventStore(), 60_000);
    const now = new Date('2026-11-27T10:00:30Z');
    await keys.record('v1', 'u@p', 'k1', record('2026-11-27T10:00:00.000Z'), ctx);
    expect(await keys.find('v1', 'u@p', 'k1', now)).toEqual(record('2026-11-27T10:00:00.000Z'));
    expect(await keys.find('v1', 'other@p', 'k1', now)).toBeNull();
    expect(await keys.find('v2', 'u@p', 'k1', now)).toBeNull();
    expect(await keys.find('v1', 'u@p', 'k2', now)).toBeNull();
  });

  it('forgets a key once the window has passed, and lets it be used again', async () => {
    const keys = new IdempotencyStore(new MemoryEventStore(), 60_000);
    await keys.record('v1', 'u@p', 'k1', record('2026-11-27T10:00:00.000Z'), ctx);
    expect(await keys.find('v1', 'u@p', 'k1', new Date('2026-11-27T10:01:01Z'))).toBeNull();
    await keys.record('v1', 'u@p', 'k1', record('2026-11-27T10:05:00.000Z'), ctx);
    expect(await keys.find('v1', 'u@p', 'k1', new Date('2026-11-27T10:05:10Z'))).toMatchObject({ recorded_at: '2026-11-27T10:05:00.000Z' });
  });

  it('hashes bodies by content', () => {
    expect(requestBodyHash({ a: 1 })).toBe(requestBodyHash({ a: 1 }));
    expect(requestBodyHash({ a: 1 })).not.toBe(requestBodyHash({ a: 2 }));
  });
});
