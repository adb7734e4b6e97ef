/**
 * Runs the work given under one key one piece after another, in the order given; work under
 * different keys never waits. Used for the streams that commands append to with an expected
 * revision: within one process, racing for the same stream only wastes reads and retries (the
 * expected revision still decides between processes, so this is no lock).
 */
export class TakeTurns {
  /** The last piece of work queued under each key. */
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const result = previous.then(work, work);
    const tail = result.catch(() => undefined);
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }
}
