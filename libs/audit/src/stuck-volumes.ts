import type { ExistingVolume, VolumeState, VolumeStatus } from '@app/domain';
import { eventTime } from './event-filter';
import type { HistoryEntry } from './volume-history';
import { operationUnderWay, transitionalWait, type OperationUnderWay, type TransitionalWait } from './transitional-statuses';

export interface StuckVolume {
  volume_id: string;
  project_id: string;
  status: VolumeStatus;
  waiting_for: TransitionalWait;
  pending: OperationUnderWay | null;
  /** When the volume entered the status (ISO 8601). */
  since: string;
  age_seconds: number;
}

interface Transitional {
  state: ExistingVolume;
  since: string;
}

/**
 * Whether a volume that entered its status at `since` has stayed in a transitional status longer
 * than `olderThanMs` at `now`; null when it has not. Pure, so the worker's watchdog can apply it
 * to what it follows.
 */
export function stuckVolume(
  state: VolumeState,
  since: string,
  now: number,
  olderThanMs: number,
): StuckVolume | null {
  if (!state.exists || state.deleted) return null;
  const waiting = transitionalWait(state);
  const age = now - Date.parse(since);
  if (!waiting || !(age > olderThanMs)) return null;
  return {
    volume_id: state.id,
    project_id: state.project_id,
    status: state.status,
    waiting_for: waiting,
    pending: operationUnderWay(state),
    since,
    age_seconds: Math.floor(age / 1000),
  };
}

/**
 * Follows volumes through their history entries and remembers, for those in a transitional
 * status now, the state and when they entered that status. Holds nothing for settled volumes.
 */
export class TransitionalVolumeTracker {
  private readonly transitional = new Map<string, Transitional>();

  observe({ event, before, after }: HistoryEntry): void {
    if (!after.exists || after.deleted || !transitionalWait(after)) {
      if (before.exists) this.transitional.delete(before.id);
      return;
    }
    // Another event in the same status (a metadata change while extending) does not restart the clock.
    const entered = !before.exists || before.status !== after.status;
    const since = entered ? eventTime(event) : (this.transitional.get(after.id)?.since ?? eventTime(event));
    this.transitional.set(after.id, { state: after, since });
  }

  stuck(now: number, olderThanMs: number): StuckVolume[] {
    const found: StuckVolume[] = [];
    for (const { state, since } of this.transitional.values()) {
      const stuck = stuckVolume(state, since, now, olderThanMs);
      if (stuck) found.push(stuck);
    }
    return found.sort((a, b) => Date.parse(a.since) - Date.parse(b.since));
  }
}
