import type { EventStore } from '@app/event-store';
import type { RedisVolumeViewRepository } from './redis-volume-view.repository';
import { VOLUME_LOG } from './volume-log';
import { streamDocuments } from './volume-documents';

export interface RepairResult {
  volume_id: string;
  /** Revision of the view stored, or null when the volume has no events. */
  revision: number | null;
}

const MAX_ATTEMPTS = 5;

/**
 * Rebuilds single views in place, in the active generation, with the documents derived from their
 * streams (snapshots, operations, list entries). The projector may be storing the next revision
 * at the same time from the very view being repaired; so after each repair the stream's head is
 * checked, and a volume that moved on is folded and stored again.
 */
export async function repairView(
  store: EventStore,
  repository: RedisVolumeViewRepository,
  volumeId: string,
): Promise<RepairResult> {
  const streamId = VOLUME_LOG.streamId(volumeId);
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const { view, changes } = streamDocuments(await store.readStream(streamId));
    if (!view) return { volume_id: volumeId, revision: null };
    await repository.replace(view, changes);
    if ((await store.streamRevision(streamId)) === view.revision) return { volume_id: volumeId, revision: view.revision };
  }
  throw new Error(`Volume ${volumeId} kept changing while its view was repaired (${MAX_ATTEMPTS} attempts)`);
}
