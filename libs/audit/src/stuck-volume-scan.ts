import { evolve, initialState, type VolumeState } from '@app/domain';
import type { EventStore } from '@app/event-store';
import { volumeEvents } from './log-pages';
import { TransitionalVolumeTracker, type StuckVolume } from './stuck-volumes';
import type { VolumeLog } from './volume-log';

export interface StuckScanOptions {
  now: number;
  olderThanMs: number;
  onPage?: (scanned: number, position: bigint) => void;
}

/**
 * Folds every volume stream from the log, the only source that knows when each volume entered
 * its status. Holds one state per volume (not per event) while it reads.
 */
export async function findStuckVolumes(
  store: EventStore,
  log: VolumeLog,
  { now, olderThanMs, onPage }: StuckScanOptions,
): Promise<StuckVolume[]> {
  const states = new Map<string, VolumeState>();
  const tracker = new TransitionalVolumeTracker();
  for await (const event of volumeEvents(store, log.streamPrefix, { onPage })) {
    const before = states.get(event.streamId) ?? initialState();
    const after = evolve(before, log.decode(event));
    states.set(event.streamId, after);
    tracker.observe({ event, before, after });
  }
  return tracker.stuck(now, olderThanMs);
}
