import { join } from 'node:path';
import { evolve, initialState, type ExistingVolume, type VolumeState } from '@app/domain';
import { SqliteEventStore } from '@app/event-store';
import { toVolumeEvent, volumeStreamId } from '@app/volume-commands';

/** Reads an engine's SQLite event log directly: what a request recorded, independent of workers. */
export class EventLog {
  private readonly store: SqliteEventStore;

  constructor(dataDir: string) {
    this.store = new SqliteEventStore(join(dataDir, 'events.sqlite'));
  }

  async revision(volumeId: string): Promise<number | null> {
    return this.store.streamRevision(volumeStreamId(volumeId));
  }

  /** The volume's events from a revision on. */
  eventsSince(volumeId: string, revision: number) {
    return this.store.readStream(volumeStreamId(volumeId), revision);
  }

  /** The events a request recorded (by the request id it answered with). */
  async eventsOf(volumeId: string, requestId: string) {
    return (await this.store.readStream(volumeStreamId(volumeId))).filter((e) => e.metadata.request_id === requestId);
  }

  /** The volume as it was right after the last event the request recorded. */
  async stateAfter(volumeId: string, requestId: string): Promise<ExistingVolume> {
    let state: VolumeState = initialState();
    let after: VolumeState | null = null;
    for (const event of await this.store.readStream(volumeStreamId(volumeId))) {
      state = evolve(state, toVolumeEvent(event));
      if (event.metadata.request_id === requestId) after = state;
    }
    if (!after || !after.exists) throw new Error(`request ${requestId} recorded nothing on volume ${volumeId}`);
    return after;
  }

  close() {
    return this.store.close();
  }
}
