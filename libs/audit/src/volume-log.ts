import type { VolumeEvent } from '@app/domain';
import type { RecordedEvent } from '@app/event-store';

/**
 * How volumes are stored in the event log. Passed in rather than imported: this library sits
 * below `@app/volume-commands` (whose executor loads state snapshots from here), so importing the
 * conventions from there would make the two libraries depend on each other. `@app/read-model`
 * exports the engine's instance as `VOLUME_LOG`.
 */
export interface VolumeLog {
  /** Every volume stream's id starts with it, and no other stream's does. */
  streamPrefix: string;
  streamId(volumeId: string): string;
  volumeIdOf(streamId: string): string;
  /** A stored event as the domain knows it, upcast to the current schema. */
  decode(event: RecordedEvent): VolumeEvent;
}
