import type { AttachmentDeletionFacts } from '../attachment-deletion-guard';
import type { ExistingVolume } from '../volume-state';
import { detach, type VolumeDetached } from './attach-detach';
import { terminateConnection, type Connector, type VolumeConnectionTerminated } from './connections';
import type { VolumeUnreserved } from './reserve';

/** os-force_detach (admin; synchronous): roll back a detach that went wrong. */
export interface ForceDetachVolume {
  type: 'ForceDetachVolume';
  volume_id: string;
  data: AttachmentDeletionFacts & { attachment_id: string | null; connector: Connector };
}

/**
 * cinder/api/contrib/admin_actions.py `_force_detach`: terminate_connection (its guard with no
 * attachment id, then unreserve), then detach (its guard with the given id, maintenance, the
 * volume service). Cinder applies the first half even when the second refuses; here nothing is
 * recorded unless both pass (DEVIATIONS.md).
 */
export function forceDetachVolume(
  { data }: ForceDetachVolume,
  volume: ExistingVolume,
): (VolumeConnectionTerminated | VolumeUnreserved | VolumeDetached)[] {
  const terminated = terminateConnection(volume, data);
  const unreserved = terminated.find((event): event is VolumeUnreserved => event.type === 'VolumeUnreserved');
  const afterTerminate = unreserved ? { ...volume, status: unreserved.data.status } : volume;
  return [...terminated, detach(afterTerminate, data.attachment_id, data)];
}
