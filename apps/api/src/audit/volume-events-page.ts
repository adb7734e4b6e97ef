import { CinderFault } from '@app/cinder-api';
import { historyEntries, statusOf, type VolumeLog } from '@app/audit';
import type { RecordedEvent } from '@app/event-store';

/** Cinder's osapi_max_limit: no page is longer, whatever `limit` asks for. */
export const MAX_LIMIT = 1000;

export interface PageRequest {
  limit: number;
  /** The id of the last event the caller has seen. */
  marker: string | null;
}

export interface VolumeEventEntry {
  id: string;
  revision: number;
  type: string;
  recorded_at: string;
  status_before: string | null;
  status_after: string | null;
  data: Record<string, unknown>;
  metadata: Record<string, unknown>;
}

export interface VolumeEventsPage {
  events: VolumeEventEntry[];
  /** The marker of the next page, or null on the last page. */
  next: string | null;
}

/** `limit` and `marker` as Cinder's `_get_limit_param` and `_get_marker_param` read them. */
export function pageRequest(query: Record<string, unknown>): PageRequest {
  const raw = first(query.limit);
  let limit = MAX_LIMIT;
  if (raw !== undefined) {
    // Python's int(): surrounding blanks and a sign are fine, anything else is not.
    if (!/^\s*[+-]?\d+\s*$/.test(raw)) throw new CinderFault(400, 'limit param must be an integer');
    limit = Number(raw);
    if (limit < 0) throw new CinderFault(400, 'limit param must be positive');
  }
  return { limit: Math.min(limit, MAX_LIMIT), marker: first(query.marker) ?? null };
}

/**
 * One page of a volume's history, oldest first: each stored event as recorded, with the status
 * it moved the volume between (folded through the domain from the stream's start).
 */
export function volumeEventsPage(events: RecordedEvent[], decode: VolumeLog['decode'], { limit, marker }: PageRequest): VolumeEventsPage {
  let start = 0;
  if (marker !== null) {
    const index = events.findIndex((event) => event.id === marker);
    if (index < 0) throw new CinderFault(404, `Marker ${marker} could not be found.`);
    start = index + 1;
  }
  // The statuses need the fold from the stream's start, but nothing past the page's end.
  const page = [...historyEntries(events.slice(0, start + limit), decode)].slice(start).map(({ event, before, after }) => ({
    id: event.id,
    revision: event.revision,
    type: event.type,
    recorded_at: event.recordedAt,
    status_before: statusOf(before),
    status_after: statusOf(after),
    data: event.data,
    metadata: event.metadata,
  }));
  const more = start + page.length < events.length;
  return { events: page, next: more && page.length > 0 ? page[page.length - 1].id : null };
}

const first = (value: unknown): string | undefined =>
  Array.isArray(value) ? first(value[0]) : typeof value === 'string' ? value : undefined;
