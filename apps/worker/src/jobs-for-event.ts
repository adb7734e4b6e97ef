import type { VolumeEventType } from '@app/domain';
import type { RecordedEvent } from '@app/event-store';
import type { BackendJob, BackendJobName } from '@app/job-queue';
import { volumeIdOf } from '@app/volume-commands';

/**
 * The one backend job each `...Requested` event starts. Everything else (completions, failures,
 * synchronous actions, and `VolumeExtendDeferredToCompute`, which waits on the compute service)
 * starts none.
 */
export const JOB_BY_EVENT: Readonly<Partial<Record<VolumeEventType, BackendJobName>>> = {
  VolumeCreateRequested: 'create_volume',
  VolumeExtendRequested: 'extend_volume',
  VolumeRevertRequested: 'revert_volume',
  VolumeRetypeRequested: 'retype_volume',
  VolumeMigrationRequested: 'migrate_volume',
  VolumeUploadToImageRequested: 'upload_volume_to_image',
  VolumeReimageRequested: 'reimage_volume',
  VolumeUnmanageRequested: 'unmanage_volume',
  VolumeDeleteRequested: 'delete_volume',
  VolumeForceDeleteRequested: 'force_delete_volume',
  SnapshotCreateRequested: 'create_snapshot',
  SnapshotDeleteRequested: 'delete_snapshot',
};

/** The backend job an event asks for, if any; its id is derived from the event's id. */
export function jobForEvent(event: RecordedEvent): BackendJob | null {
  const name = JOB_BY_EVENT[event.type as VolumeEventType];
  if (!name) return null;
  const data: BackendJob['data'] = {
    volume_id: volumeIdOf(event.streamId),
    operation_id: String(event.data.operation_id),
    event_id: event.id,
  };
  if (typeof event.data.snapshot_id === 'string' && name.endsWith('_snapshot')) data.snapshot_id = event.data.snapshot_id;
  if (name === 'retype_volume') data.migration_policy = (event.data.migration_policy as BackendJob['data']['migration_policy']) ?? null;
  return { name, id: `${name}-${event.id}`, data };
}
