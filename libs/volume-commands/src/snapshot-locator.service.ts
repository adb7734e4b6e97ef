import { Inject, Injectable } from '@nestjs/common';
import { EVENT_STORE, WrongExpectedRevisionError, type EventStore } from '@app/event-store';
import type { CommandContext } from './command-context';
import { toStoredEvents } from './stored-events';

// Not under the `volume-` prefix the reactor and projector follow.
const indexStream = (snapshotId: string) => `snapshot_of-${snapshotId}`;

/**
 * Snapshots live in their volume's stream (one consistency boundary), so finding one by its id
 * needs an index: a one-event stream per snapshot naming its volume, written before the snapshot
 * is requested. It lives in the event store, so it is as consistent and durable as the snapshot.
 */
@Injectable()
export class SnapshotLocator {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async register(snapshotId: string, volumeId: string, ctx: CommandContext): Promise<void> {
    const events = toStoredEvents([{ type: 'SnapshotLocated', data: { snapshot_id: snapshotId, volume_id: volumeId } }], { SnapshotLocated: 1 }, ctx);
    try {
      await this.store.append(indexStream(snapshotId), events, 'no_stream');
    } catch (error) {
      // A retried request registers the same snapshot again; any other clash is a real conflict.
      if (!(error instanceof WrongExpectedRevisionError) || (await this.volumeOf(snapshotId)) !== volumeId) throw error;
    }
  }

  async volumeOf(snapshotId: string): Promise<string | null> {
    const [located] = await this.store.readStream(indexStream(snapshotId));
    return located ? String(located.data.volume_id) : null;
  }
}
