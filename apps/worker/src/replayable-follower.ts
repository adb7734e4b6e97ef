import type { EventStore, RecordedEvent } from '@app/event-store';
import { LogFollower } from '@app/infrastructure';

export interface ReplayableFollowerOptions {
  name: string;
  /** Only events of streams with one of these prefixes are handled; the position follows every event. */
  streamPrefixes: string[];
  /** The checkpoint kept with what the handler writes, read when the process starts. */
  storedCheckpoint: () => Promise<bigint | undefined>;
  handle: (event: RecordedEvent) => Promise<void>;
}

/**
 * A log follower that can be sent back to the start of the log, for when the store of what it
 * derived (Redis) has lost its data. Once it has handled an event it resumes from its own position
 * after a failure, not from the stored checkpoint, which other processes may have moved past what
 * this one replayed.
 */
export class ReplayableFollower {
  private follower: LogFollower | null = null;
  private position: bigint | undefined;
  private replaying = false;
  private waiters: Array<{ until: bigint; done: () => void }> = [];

  constructor(
    private readonly store: EventStore,
    private readonly options: ReplayableFollowerOptions,
  ) {}

  start() {
    if (this.follower) return;
    this.follower = new LogFollower(this.store, {
      name: this.options.name,
      checkpoint: () => this.checkpoint(),
      handle: async (event) => {
        if (this.options.streamPrefixes.some((prefix) => event.streamId.startsWith(prefix))) await this.options.handle(event);
        this.advance(event.position);
      },
    });
    this.follower.start();
  }

  async stop() {
    await this.follower?.stop();
    this.follower = null;
  }

  /** Handles the whole log again; resolves once it has handled the event at `until` (the head when asked). */
  async replayFromStart(until: bigint | null) {
    await this.stop();
    this.position = undefined;
    this.replaying = true;
    this.start();
    await this.reached(until);
    this.replaying = false;
  }

  private reached(until: bigint | null): Promise<void> {
    if (until === null || (this.position !== undefined && this.position >= until)) return Promise.resolve();
    return new Promise((done) => this.waiters.push({ until, done }));
  }

  private advance(position: bigint) {
    this.position = position;
    const ready = this.waiters.filter((waiter) => position >= waiter.until);
    this.waiters = this.waiters.filter((waiter) => position < waiter.until);
    for (const waiter of ready) waiter.done();
  }

  private async checkpoint(): Promise<bigint | undefined> {
    if (this.position !== undefined) return this.position;
    return this.replaying ? undefined : this.options.storedCheckpoint();
  }
}
