import type { EventStore } from '@app/event-store';

export interface ProjectionLag {
  /** Events of the followed streams after the checkpoint, counted up to `limit`. */
  events: number;
  /** Age of the oldest of them, 0 when there is none. */
  seconds: number;
}

/**
 * How far a projection is behind the log: the events of its streams after its checkpoint. Reads
 * at most `limit` events (in pages), so a far-behind projection costs no more than that.
 */
export async function projectionLag(
  store: EventStore,
  checkpoint: bigint | undefined,
  streamPrefix: string,
  limit: number,
  now = Date.now(),
): Promise<ProjectionLag> {
  let events = 0;
  let oldest: string | null = null;
  let after = checkpoint;
  while (events < limit) {
    const page = await store.readAll({ after, maxCount: Math.min(1000, limit - events + 1) });
    if (page.length === 0) break;
    for (const event of page) {
      if (!event.streamId.startsWith(streamPrefix)) continue;
      oldest ??= event.recordedAt;
      events++;
    }
    after = page[page.length - 1].position;
  }
  return { events: Math.min(events, limit), seconds: oldest ? Math.max(0, (now - Date.parse(oldest)) / 1000) : 0 };
}
