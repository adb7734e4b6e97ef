import type { RecordedEvent } from '@app/event-store';

/** Who an event's metadata says acted; absent fields stay undefined. */
export interface EventActor {
  user_id?: string;
  project_id?: string;
  roles?: string[];
  is_admin?: boolean;
  service?: boolean;
}

/** What the audit commands select events by; every given criterion must hold. */
export interface EventFilter {
  /** Inclusive, milliseconds since the epoch. */
  since?: number;
  /** Inclusive, milliseconds since the epoch. */
  until?: number;
  actor?: { user?: string; project?: string };
  types?: ReadonlySet<string>;
}

export const actorOf = (event: RecordedEvent): EventActor => (event.metadata.actor ?? {}) as EventActor;

/**
 * When the event happened: the time its request carried (what `history` shows), or for events
 * written without one, when the store recorded it.
 */
export const eventTime = (event: RecordedEvent): string =>
  typeof event.metadata.timestamp === 'string' ? event.metadata.timestamp : event.recordedAt;

export function matchesFilter(event: RecordedEvent, filter: EventFilter): boolean {
  if (filter.types && !filter.types.has(event.type)) return false;
  if (filter.since !== undefined || filter.until !== undefined) {
    const time = Date.parse(eventTime(event));
    if (filter.since !== undefined && !(time >= filter.since)) return false;
    if (filter.until !== undefined && !(time <= filter.until)) return false;
  }
  if (filter.actor) {
    const actor = actorOf(event);
    if (filter.actor.user !== undefined && actor.user_id !== filter.actor.user) return false;
    if (filter.actor.project !== undefined && actor.project_id !== filter.actor.project) return false;
  }
  return true;
}

/** `user`, `user@project` or `@project`; null when it names neither. */
export function parseActorFilter(text: string): EventFilter['actor'] | null {
  const at = text.lastIndexOf('@');
  const user = at < 0 ? text : text.slice(0, at);
  const project = at < 0 ? '' : text.slice(at + 1);
  if (!user && !project) return null;
  return { ...(user ? { user } : {}), ...(project ? { project } : {}) };
}

/** An ISO 8601 date or date-time in milliseconds since the epoch, or null when it is not one. */
export function parseIsoTime(text: string): number | null {
  if (!/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(text)) return null;
  const time = Date.parse(text);
  return Number.isNaN(time) ? null : time;
}
