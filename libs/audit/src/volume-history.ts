import { evolve, initialState, type VolumeState } from '@app/domain';
import type { RecordedEvent } from '@app/event-store';
import { actorOf, eventTime } from './event-filter';
import type { VolumeLog } from './volume-log';

/** One stored event with the volume's state just before and just after it. */
export interface HistoryEntry {
  event: RecordedEvent;
  before: VolumeState;
  after: VolumeState;
}

export interface HistoryRow {
  revision: number;
  time: string;
  type: string;
  actor: string;
  service: boolean;
  request_id: string | null;
  status_before: string | null;
  status_after: string | null;
}

export const statusOf = (state: VolumeState): string | null => (state.exists ? state.status : null);

/**
 * Walks a volume's events (in revision order, from its first) through the domain's fold, so
 * every event type the domain knows, and every old shape it upcasts, is shown the same way.
 */
export function* historyEntries(
  events: Iterable<RecordedEvent>,
  decode: VolumeLog['decode'],
  from: VolumeState = initialState(),
): Generator<HistoryEntry> {
  let state = from;
  for (const event of events) {
    const before = state;
    state = evolve(state, decode(event));
    yield { event, before, after: state };
  }
}

export function historyRow({ event, before, after }: HistoryEntry): HistoryRow {
  const actor = actorOf(event);
  return {
    revision: event.revision,
    time: eventTime(event),
    type: event.type,
    actor: actor.user_id ? `${actor.user_id}@${actor.project_id}` : 'unknown',
    service: actor.service === true,
    request_id: typeof event.metadata.request_id === 'string' ? event.metadata.request_id : null,
    status_before: statusOf(before),
    status_after: statusOf(after),
  };
}
