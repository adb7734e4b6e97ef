import { findHeadPosition } from '@app/audit';
import type { EventStore } from '@app/event-store';

const PAGE = 500;
const PAGES_BEFORE_SEARCHING = 4;

/**
 * The position of the newest event, knowing one at `known` exists: a few pages read forward from
 * there (the usual case: the projector is a handful of events behind), else the audit library's
 * search from the start.
 */
export async function logHeadFrom(store: EventStore, known: bigint): Promise<bigint> {
  let head = known;
  for (let page = 0; page < PAGES_BEFORE_SEARCHING; page++) {
    const events = await store.readAll({ after: head, maxCount: PAGE });
    if (events.length === 0) return head;
    head = events[events.length - 1].position;
    if (events.length < PAGE) return head;
  }
  return (await findHeadPosition(store)) ?? head;
}

export interface Freshness {
  /** False when the projector did not get there in time and the read model may lag. */
  fresh: boolean;
  /** The newest position stored when the read began; null for an empty log. */
  head: bigint | null;
  checkpoint: bigint | undefined;
  waitedMs: number;
}

export interface FreshnessOptions {
  /** How long a read waits for the projector at most. */
  timeoutMs?: number;
  pollMs?: number;
}

interface Waiter {
  until: bigint;
  done: (checkpoint: bigint | undefined) => void;
}

/**
 * Read-your-writes for queries that span many volumes (lists, summaries, snapshots, operations):
 * such a read first waits until the projector has handled every event stored when it began, so
 * whatever the caller wrote before it asked is in the answer. That costs one checkpoint read and
 * one tiny log read when the projector is current; otherwise the read waits, bounded in time, and
 * one poller per process serves every waiting read.
 */
export class ReadModelFreshness {
  private readonly timeoutMs: number;
  private readonly pollMs: number;
  private waiters: Waiter[] = [];
  private polling = false;

  constructor(
    private readonly store: EventStore,
    private readonly checkpoint: () => Promise<bigint | undefined>,
    { timeoutMs = 2000, pollMs = 5 }: FreshnessOptions = {},
  ) {
    this.timeoutMs = timeoutMs;
    this.pollMs = pollMs;
  }

  async awaitHead(): Promise<Freshness> {
    const started = Date.now();
    const checkpoint = await this.checkpoint();
    const [pending] = await this.store.readAll({ after: checkpoint, maxCount: 1 });
    if (!pending) return { fresh: true, head: checkpoint ?? null, checkpoint, waitedMs: 0 };
    const head = await logHeadFrom(this.store, pending.position);
    const reached = await this.reached(head);
    const waitedMs = Date.now() - started;
    return { fresh: reached !== undefined && reached >= head, head, checkpoint: reached, waitedMs };
  }

  private reached(until: bigint): Promise<bigint | undefined> {
    return new Promise((resolve) => {
      const waiter: Waiter = {
        until,
        done: (checkpoint) => {
          clearTimeout(timer);
          resolve(checkpoint);
        },
      };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        this.checkpoint().then(resolve, () => resolve(undefined));
      }, this.timeoutMs);
      this.waiters.push(waiter);
      if (!this.polling) void this.poll();
    });
  }

  /** Runs while reads wait; stops in the same tick it finds none, so a new waiter always starts it again. */
  private async poll() {
    this.polling = true;
    while (this.waiters.length) {
      await new Promise((r) => setTimeout(r, this.pollMs));
      let checkpoint: bigint | undefined;
      try {
        checkpoint = await this.checkpoint();
      } catch {
        continue;
      }
      if (checkpoint === undefined) continue;
      const ready = this.waiters.filter((w) => checkpoint! >= w.until);
      this.waiters = this.waiters.filter((w) => checkpoint! < w.until);
      for (const waiter of ready) waiter.done(checkpoint);
    }
    this.polling = false;
  }
}
