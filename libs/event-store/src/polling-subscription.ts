import type { RecordedEvent, Subscription } from './event-store.port';

export interface EventPage {
  /** Events strictly after the requested position, in position order, already filtered. */
  events: RecordedEvent[];
  /**
   * Where the next read starts (exclusive). It can lie past the last event of `events` when a
   * filter skipped events; it equals the requested position when there was nothing new.
   */
  next: bigint;
}

/** What a store provides to be followed by a {@link PollingSubscription}. */
export interface EventPageSource {
  readPage(after: bigint): EventPage;
  /**
   * Resolves when new events may have arrived, or when `signal` aborts. `idleRounds` counts the
   * reads in a row that found nothing, so a poller can back off.
   */
  waitForChange(idleRounds: number, signal: AbortSignal): Promise<void>;
}

/**
 * Catch-up then live subscription over a store that can be read page by page. Delivery is
 * sequential, so every event after the checkpoint arrives once and in order.
 */
export class PollingSubscription implements Subscription {
  private readonly closing = new AbortController();

  constructor(
    private readonly source: EventPageSource,
    private readonly after: bigint,
    private readonly onClose: (subscription: PollingSubscription) => void,
  ) {}

  async *[Symbol.asyncIterator](): AsyncIterator<RecordedEvent> {
    const { signal } = this.closing;
    let checkpoint = this.after;
    let idleRounds = 0;
    try {
      while (!signal.aborted) {
        const page = this.source.readPage(checkpoint);
        for (const event of page.events) {
          yield event;
          if (signal.aborted) return;
        }
        idleRounds = page.events.length === 0 && page.next === checkpoint ? idleRounds + 1 : 0;
        checkpoint = page.next;
        if (idleRounds > 0) await this.source.waitForChange(idleRounds, signal);
      }
    } finally {
      // Leaving a for-await loop early must not leave the subscription registered with the store.
      await this.close();
    }
  }

  async close(): Promise<void> {
    if (this.closing.signal.aborted) return;
    this.closing.abort();
    this.onClose(this);
  }
}
