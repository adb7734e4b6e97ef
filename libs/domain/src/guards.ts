import { volumeNotFound } from './volume-errors';
import type { ExistingVolume, PendingOperation, VolumeState } from './volume-state';
import type { VolumeStatus } from './volume-status';

/** The volume a command acts on; one never created, deleted or unmanaged is Cinder's 404. */
export function existing(state: VolumeState, volumeId: string): ExistingVolume {
  if (!state.exists || state.deleted) throw volumeNotFound(volumeId);
  return state;
}

/**
 * Whether a backend result belongs to the operation the volume is waiting on, still in the
 * status that operation set. A result arriving twice, too late (after os-reset_status or a force
 * delete), or for another operation is recorded as nothing.
 */
export function isPending(
  state: VolumeState,
  kind: PendingOperation['kind'],
  operationId: string,
  ...statuses: VolumeStatus[]
): state is ExistingVolume {
  return (
    state.exists &&
    !state.deleted &&
    state.pending?.kind === kind &&
    state.pending.operation_id === operationId &&
    (statuses.length === 0 || statuses.includes(state.status))
  );
}

/** Cinder writes `in-use` when any attachment row remains, else `available`. */
export const statusByAttachments = (volume: ExistingVolume): VolumeStatus =>
  volume.attachments.length > 0 ? 'in-use' : 'available';

/** Volumes in these statuses refuse changes to their metadata (either kind). */
export const METADATA_LOCKED_STATUSES: readonly VolumeStatus[] = ['maintenance', 'uploading'];
