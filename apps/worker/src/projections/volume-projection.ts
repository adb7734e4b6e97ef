import type { RecordedEvent } from '@app/event-store';
import {
  deriveDocuments,
  describeChange,
  isVolumeStream,
  projectVolume,
  volumeIdOfEvent,
  type ReadModelChange,
  type VolumeViewRepository,
} from '@app/read-model';

/**
 * The projection's one step: a pure fold (projectVolume, deriveDocuments) of one event onto the
 * stored view, stored atomically with the checkpoint. An event that changes no view (another
 * stream's, or one already applied) only moves the checkpoint. Answers what it stored, for live
 * readers, or null when it stored no view.
 */
export async function projectEvent(views: VolumeViewRepository, event: RecordedEvent): Promise<ReadModelChange | null> {
  if (!isVolumeStream(event)) {
    await views.saveCheckpoint(event.position);
    return null;
  }
  const current = await views.get(volumeIdOfEvent(event));
  const next = projectVolume(current, event);
  if (!next || next === current) {
    await views.saveCheckpoint(event.position);
    return null;
  }
  const changes = deriveDocuments(current, next, event);
  await views.save(next, event.position, changes);
  return describeChange(event, next, changes);
}
