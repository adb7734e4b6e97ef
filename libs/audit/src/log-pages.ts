import type { EventStore, RecordedEvent } from '@app/event-store';

export interface LogPagesOptions {
  /** Exclusive: start after this position; omit for the beginning of the log. */
  after?: bigint;
  pageSize?: number;
}

const DEFAULT_PAGE_SIZE = 1000;

/**
 * The whole log, page by page, in global order: at most one page is held at a time, however long
 * the log is. Ends at the head as it stood when the last (short) page was read.
 */
export async function* logPages(
  store: EventStore,
  { after, pageSize = DEFAULT_PAGE_SIZE }: LogPagesOptions = {},
): AsyncGenerator<RecordedEvent[]> {
  let position = after;
  for (;;) {
    const page = await store.readAll({ after: position, maxCount: pageSize });
    if (page.length > 0) {
      yield page;
      position = page[page.length - 1].position;
    }
    if (page.length < pageSize) return;
  }
}

/**
 * The position of the newest event in the log, or null for an empty log. The port has no head
 * query, but `readAll({ after, maxCount: 1 })` answers "is there anything after `after`?", and
 * positions are ordered bigints, so a doubling then bisecting search finds the head in about
 * 2·log2(head) tiny reads instead of reading the log. A store that refuses a position that is not
 * an event's own (EventStoreDB may) is read to the end instead.
 */
export async function findHeadPosition(store: EventStore): Promise<bigint | null> {
  const [first] = await store.readAll({ maxCount: 1 });
  if (!first) return null;
  try {
    return await bisectHead(store, first.position);
  } catch {
    return readToHead(store, first.position);
  }
}

async function bisectHead(store: EventStore, first: bigint): Promise<bigint> {
  const anyAfter = async (position: bigint) => (await store.readAll({ after: position, maxCount: 1 })).length > 0;
  // Invariant: an event lies after `below`; none lies after `above`.
  let below = first - 1n;
  let above = first > 0n ? first * 2n : 1n;
  while (await anyAfter(above)) {
    below = above;
    above *= 2n;
  }
  while (above - below > 1n) {
    const middle = below + (above - below) / 2n;
    if (await anyAfter(middle)) below = middle;
    else above = middle;
  }
  return above;
}

async function readToHead(store: EventStore, first: bigint): Promise<bigint> {
  let head = first;
  for await (const page of logPages(store, { after: first, pageSize: 10_000 })) head = page[page.length - 1].position;
  return head;
}

/** The events of volume streams, in log order, read a page at a time. */
export async function* volumeEvents(
  store: EventStore,
  streamPrefix: string,
  { onPage, ...options }: LogPagesOptions & { onPage?: (scanned: number, position: bigint) => void } = {},
): AsyncGenerator<RecordedEvent> {
  let scanned = 0;
  for await (const page of logPages(store, options)) {
    for (const event of page) if (event.streamId.startsWith(streamPrefix)) yield event;
    scanned += page.length;
    onPage?.(scanned, page[page.length - 1].position);
  }
}
