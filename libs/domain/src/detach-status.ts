import type { Attachment, ExistingVolume } from './volume-state';
import type { AttachStatus, VolumeStatus } from './volume-status';

export interface RecomputedStatus {
  status: VolumeStatus;
  attach_status: AttachStatus;
}

/**
 * cinder.db.api.volume_detached (§2.3): once an attachment is gone, the volume's attach_status is
 * the alphabetically first of the remaining attachments' statuses (`attached` < `attaching` <
 * `detaching` < `reserved`; failed `error_*` ones do not count), or `detached`; its status follows.
 */
export function statusAfterDetach(volume: ExistingVolume, remaining: Attachment[]): RecomputedStatus {
  const [first] = remaining
    .map((attachment) => attachment.attach_status)
    .filter((status) => !status.startsWith('error_'))
    .sort();
  const attach_status = (first ?? 'detached') as AttachStatus;
  if (attach_status === 'detached') {
    // A migration or an upload sets the status itself when it ends; the detach must not show
    // `available` in between.
    const migrating = volume.migration_status !== null && !['success', 'error'].includes(volume.migration_status);
    if (migrating || volume.status === 'uploading') return { status: volume.status, attach_status };
    return { status: 'available', attach_status };
  }
  return { status: attach_status === 'attached' ? 'in-use' : attach_status, attach_status };
}
