import { statusAfterDetach } from '../detach-status';
import { existing } from '../guards';
import { omitKeys } from '../records';
import { badRequest } from '../volume-errors';
import type { ExistingVolume, VolumeState } from '../volume-state';
import type { AttachStatus, ResettableMigrationStatus, ResettableVolumeStatus, VolumeStatus } from '../volume-status';

/**
 * os-reset_status (admin). Values arrive validated and lower-cased by the API's schema; a missing,
 * null or empty one leaves that field as it is.
 */
export interface ResetVolumeStatus {
  type: 'ResetVolumeStatus';
  volume_id: string;
  data: {
    status?: ResettableVolumeStatus | '' | null;
    attach_status?: 'attached' | 'detached' | '' | null;
    migration_status?: ResettableMigrationStatus | '' | null;
  };
}

export interface VolumeStatusReset {
  type: 'VolumeStatusReset';
  /**
   * What the volume became. `attachments_removed`: attach_status `detached` was asked for, so
   * every attachment (and the `attached_mode` admin metadata) went, recomputing the status.
   */
  data: {
    status: VolumeStatus;
    attach_status: AttachStatus;
    migration_status: string | null;
    attachments_removed: boolean;
  };
}

/**
 * Cinder's order: the body must name a field (checked before the volume is looked up), the status
 * must not be `deleting`, `in-use` needs an attachment. A missing comma in Cinder's guard tuple
 * lets `error_deleting` and `detaching` through, and nothing else is refused.
 */
export function resetVolumeStatus({ volume_id, data }: ResetVolumeStatus, state: VolumeState): VolumeStatusReset[] {
  if (!data.status && !data.attach_status && !data.migration_status) {
    throw badRequest("Must specify 'status', 'attach_status' or 'migration_status' for update.");
  }
  const volume = existing(state, volume_id);
  if (data.status === 'deleting') throw badRequest('Cannot reset-state to deleting');
  if (data.status === 'in-use' && volume.attachments.length === 0) {
    throw badRequest('Cannot reset-state to in-use because volume does not have any attachments.');
  }
  let reset: ExistingVolume = {
    ...volume,
    status: data.status || volume.status,
    attach_status: data.attach_status || volume.attach_status,
    migration_status: data.migration_status ? migrationStatus(data.migration_status) : volume.migration_status,
  };
  const attachmentsRemoved = data.attach_status === 'detached';
  if (attachmentsRemoved) {
    // Cinder deletes the attachments one at a time, recomputing the status after each: with
    // attachments, a requested status is overwritten by the recomputation.
    for (const attachment of volume.attachments) {
      const remaining = reset.attachments.filter((candidate) => candidate.id !== attachment.id);
      reset = { ...reset, ...statusAfterDetach(reset, remaining), attachments: remaining };
    }
  }
  return [
    {
      type: 'VolumeStatusReset',
      data: {
        status: reset.status,
        attach_status: reset.attach_status,
        migration_status: reset.migration_status,
        attachments_removed: attachmentsRemoved,
      },
    },
  ];
}

const migrationStatus = (requested: ResettableMigrationStatus) => (requested === 'none' ? null : requested);

export function evolveResetStatus(state: ExistingVolume, { data }: VolumeStatusReset): ExistingVolume {
  const { attachments_removed, ...fields } = data;
  if (!attachments_removed) return { ...state, ...fields };
  return {
    ...state,
    ...fields,
    attachments: [],
    admin_metadata: omitKeys(state.admin_metadata, 'attached_mode'),
  };
}
