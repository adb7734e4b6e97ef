import type { RecordedEvent } from '@app/event-store';
import { deriveDocuments, isVolumeStream, projectVolume, volumeIdOfEvent, type VolumeViewRepository } from '@app/read-model';

/**
 * The projection's one step: a pure fold (projectVolume, deriveDocuments) of one event onto the
 * stored view, stored atomically with the checkpoint. An event that changes no view (another
 * stream's, or one already applied) only moves the checkpoint.
 */
export async function projectEvent(views: VolumeViewRepository, event: RecordedEvent): Promise<void> {
  if (!isVolumeStream(event)) return views.saveCheckpoint(event.position);
  const current = await views.get(volumeIdOfEvent(event));
  const next = projectVolume(current, event);
  if (next && next !== current) await views.save(next, event.position, deriveDocuments(current, next, event));
  else await views.saveCheckpoint(event.position);
}
