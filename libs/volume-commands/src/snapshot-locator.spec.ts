import { MemoryEventStore } from '@app/event-store';
import { testCommandContext } from './testing/test-command-context';
import { SnapshotLocator } from './snapshot-locator.service';

const ctx = testCommandContext();

describe('SnapshotLocator', () => {
  it('finds the volume a snapshot belongs to, and knows no other', async () => {
    const locator = new SnapshotLocator(new MemoryEventStore());
    await locator.register('s1', 'v1', ctx);
    expect(await locator.volumeOf('s1')).toBe('v1');
    expect(await locator.volumeOf('s2')).toBeNull();
  });

  it('accepts the same registration again, but not a snapshot id on another volume', async () => {
    const locator = new SnapshotLocator(new MemoryEventStore());
    await locator.register('s1', 'v1', ctx);
    await expect(locator.register('s1', 'v1', ctx)).resolves.toBeUndefined();
    await expect(locator.register('s1', 'v2', ctx)).rejects.toThrow();
  });
});
