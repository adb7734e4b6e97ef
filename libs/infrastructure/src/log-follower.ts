import { Logger } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import type { EventStore, RecordedEvent, Subscription } from '@app/event-store';

export interface FollowerOptions {
  name: string;
  streamPrefixes?: string[];
  /** Where to resume: the position of the last event handled, or undefined for the beginning. */
  checkpoint: () => Promise<bigint | undefined>;
  /** Handles one event and records the checkpoint; throwing restarts from the last checkpoint. */
  handle: (event: RecordedEvent) => Promise<void>;
  retryDelayMs?: number;
}

/**
 * Follows the event log from a durable checkpoint: catch-up, then live. A failure (Redis or the
 * store briefly away) resubscribes from the last saved checkpoint, so no event is skipped; the
 * handler must tolerate seeing the event that failed again.
 */
export class LogFollower {
  private readonly logger: Logger;
  private subscription: Subscription | null = null;
  private stopped = false;
  private done: Promise<void> | null = null;
  /** The position of the last event handled (and so checkpointed) by this follower. */
  private handled: bigint | undefined;

  constructor(
    private readonly store: EventStore,
    private readonly options: FollowerOptions,
  ) {
    this.logger = new Logger(options.name);
  }

  start() {
    this.done = this.run();
  }

  /** Stops after the event in hand: its handler finishes and records its checkpoint first. */
  async stop() {
    this.stopped = true;
    await this.subscription?.close();
    await this.done;
    if (this.done) {
      this.logger.log(`Stopped ${this.handled === undefined ? 'before any event' : `after the event at position ${this.handled}`}; its checkpoint is saved.`);
    }
  }

  private async run() {
    while (!this.stopped) {
      try {
        const after = await this.options.checkpoint();
        this.subscription = this.store.subscribe({ after, streamPrefixes: this.options.streamPrefixes });
        if (this.stopped) await this.subscription.close();
        for await (const event of this.subscription) {
          await this.options.handle(event);
          this.handled = event.position;
        }
      } catch (error) {
        if (this.stopped) return;
        this.logger.error(
          `Following the event log failed: ${(error as Error).message}. Resuming from the last checkpoint in ` +
            `${this.options.retryDelayMs ?? 1000} ms.`,
        );
        await this.subscription?.close().catch(() => undefined);
        await sleep(this.options.retryDelayMs ?? 1000);
      }
    }
  }
}
