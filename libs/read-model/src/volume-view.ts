import { evolve, initialState, type ExistingVolume } from '@app/domain';
import type { RecordedEvent } from '@app/event-store';
import { toVolumeEvent, volumeIdOf } from '@app/volume-commands';

/** What GET answers for one volume: its state plus what only the log knows (times, revision). */
export interface VolumeView extends ExistingVolume {
  updated_at: string | null;
  /** Revision of the last event folded in; events at or below it are already applied. */
  revision: number;
}

/**
 * Folds one stored event into a volume's view. Pure; an event already applied (a redelivery)
 * returns the view unchanged.
 */
export function projectVolume(view: VolumeView | null, event: RecordedEvent): VolumeView | null {
  if (view && event.revision <= view.revision) return view;
  const state = evolve(view ?? initialState(), toVolumeEvent(event));
  if (!state.exists) return null;
  return {
    ...state,
    updated_at: view ? cinderTime(event.recordedAt) : null,
    revision: event.revision,
  };
}

export const isVolumeStream = (event: RecordedEvent) => event.streamId.startsWith('volume-');
export const volumeIdOfEvent = (event: RecordedEvent) => volumeIdOf(event.streamId);

/** Cinder's timestamps: naive UTC with microseconds. */
export const cinderTime = (iso: string) => iso.replace(/Z$/, '').replace(/\.(\d{3})$/, '.$1000');
