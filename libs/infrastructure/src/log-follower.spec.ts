import { MemoryEventStore, type RecordedEvent } from '@app/event-store';
import { LogFollower } from './log-follower';

const event = (n: number) => ({ id: `00000000-0000-4000-8000-00000000000${n}`, type: 'T', data: { n }, metadata: {} });

async function until(check: () => boolean) {
  const deadline = Date.now() + 3000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe('LogFollower', () => {
  it('resumes from the last checkpoint after a failing handler, skipping nothing', async () => {
    const store = new MemoryEventStore();
    await store.append('volume-a', [event(1), event(2), event(3)], 'no_stream');
    let checkpoint: bigint | undefined;
    let failOnce = true;
    const handled: number[] = [];
    const follower = new LogFollower(store, {
      name: 'test',
      retryDelayMs: 5,
      checkpoint: async () => checkpoint,
      handle: async (e: RecordedEvent) => {
        if (e.data.n === 2 && failOnce) {
          failOnce = false;
          throw new Error('Redis went away');
        }
        handled.push(e.data.n as number);
        checkpoint = e.position;
      },
    });
    follower.start();
    await until(() => handled.length === 3);
    await store.append('volume-a', [event(4)], 2);
    await until(() => handled.length === 4);
    await follower.stop();
    expect(handled).toEqual([1, 2, 3, 4]);
  });

  it('follows only the streams it is given', async () => {
    const store = new MemoryEventStore();
    await store.append('snapshot-x', [event(1)], 'no_stream');
    await store.append('volume-b', [event(2)], 'no_stream');
    const seen: string[] = [];
    const follower = new LogFollower(store, {
      name: 'test',
      streamPrefixes: ['volume-'],
      checkpoint: async () => undefined,
      handle: async (e) => {
        seen.push(e.streamId);
      },
    });
    follower.start();
    await until(() => seen.length === 1);
    await follower.stop();
    expect(seen).toEqual(['volume-b']);
  });
});
