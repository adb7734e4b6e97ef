import { eventTime } from '@app/audit';
import type { RecordedEvent } from '@app/event-store';
import { projectVolume, type VolumeView } from './volume-view';

/** Where to stop folding a volume's events: after a revision, or after the last event at or before a time. */
export type StateAt = { revision: number } | { time: number };

export interface VolumeAt {
  /** The view right after the last event folded; null when the volume did not exist yet. */
  view: VolumeView | null;
  /** That event; null when none was at or before the stop. */
  event: RecordedEvent | null;
}

/**
 * A volume as it was (time travel): the fold of its events up to a revision or a time, exactly as
 * the projector folded them then. What `cinder-engine state --at` and `GET .../state?at=` answer.
 * A time is compared with each event's own time (eventTime), as `history` shows it.
 */
export function volumeAt(events: readonly RecordedEvent[], at: StateAt): VolumeAt {
  let view: VolumeView | null = null;
  let last: RecordedEvent | null = null;
  for (const event of events) {
    if ('revision' in at ? event.revision > at.revision : Date.parse(eventTime(event)) > at.time) break;
    view = projectVolume(view, event);
    last = event;
  }
  return { view, event: last };
}
