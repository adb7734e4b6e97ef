import { orList } from '../cinder-utils';
import { isPending } from '../guards';
import { withSnapshotStatus } from '../snapshot-list';
import { badRequest, invalidInput, invalidVolume } from '../volume-errors';
import type { ExistingVolume, VolumeState } from '../volume-state';
import { isMigrating, type VolumeStatus } from '../volume-status';

/** os-unmanage (admin): Cinder forgets the volume, the backend keeps its data. */
export interface UnmanageVolume {
  type: 'UnmanageVolume';
  volume_id: string;
  data: { operation_id: string; now: string };
}

/**
 * DELETE /volumes/{id}: `cascade` deletes the snapshots too; `force` (microversion ≥ 3.23,
 * admin) skips the status check as os-force_delete does.
 */
export interface DeleteVolume {
  type: 'DeleteVolume';
  volume_id: string;
  data: { operation_id: string; now: string; cascade: boolean; force: boolean; backend_frozen: boolean };
}

/** os-force_delete (admin). `backend_frozen`: the volume's backend was frozen (replication failover). */
export interface ForceDeleteVolume {
  type: 'ForceDeleteVolume';
  volume_id: string;
  data: { operation_id: string; now: string; backend_frozen: boolean };
}

export interface CompleteVolumeUnmanage {
  type: 'CompleteVolumeUnmanage';
  volume_id: string;
  data: { operation_id: string };
}

export interface FailVolumeUnmanage {
  type: 'FailVolumeUnmanage';
  volume_id: string;
  data: { operation_id: string; reason: string };
}

export interface CompleteVolumeDelete {
  type: 'CompleteVolumeDelete';
  volume_id: string;
  data: { operation_id: string };
}

/** `volume_busy`: the backend said the volume is in use (Cinder's VolumeIsBusy). */
export interface FailVolumeDelete {
  type: 'FailVolumeDelete';
  volume_id: string;
  data: { operation_id: string; reason: string; volume_busy: boolean };
}

export type UnmanageDeleteCommand =
  | UnmanageVolume
  | DeleteVolume
  | ForceDeleteVolume
  | CompleteVolumeUnmanage
  | FailVolumeUnmanage
  | CompleteVolumeDelete
  | FailVolumeDelete;

export interface VolumeUnmanageRequested {
  type: 'VolumeUnmanageRequested';
  data: { operation_id: string; status: VolumeStatus; terminated_at: string };
}

/** The volume is gone from Cinder: unmanaged by the backend, or at once when it never had a host. */
export interface VolumeUnmanaged {
  type: 'VolumeUnmanaged';
  data: { operation_id: string };
}

export interface VolumeUnmanageFailed {
  type: 'VolumeUnmanageFailed';
  data: { operation_id: string; reason: string; status: VolumeStatus };
}

/** `deleting_snapshot_ids`: the snapshots a cascading delete takes with it. */
export interface VolumeDeleteRequested {
  type: 'VolumeDeleteRequested';
  data: { operation_id: string; status: VolumeStatus; terminated_at: string; deleting_snapshot_ids: string[] };
}

/** A delete that skipped the status check (os-force_delete, or DELETE with force). */
export interface VolumeForceDeleteRequested {
  type: 'VolumeForceDeleteRequested';
  data: { operation_id: string; status: VolumeStatus; terminated_at: string; deleting_snapshot_ids: string[] };
}

/** The volume is gone: deleted by the backend, or at once when it never had a host. */
export interface VolumeDeleted {
  type: 'VolumeDeleted';
  data: { operation_id: string };
}

/** `error_deleting_snapshot_ids`: snapshots of a cascade still waiting to be deleted, now failed too. */
export interface VolumeDeleteFailed {
  type: 'VolumeDeleteFailed';
  data: { operation_id: string; reason: string; status: VolumeStatus; error_deleting_snapshot_ids: string[] };
}

export type UnmanageDeleteEvent =
  | VolumeUnmanageRequested
  | VolumeUnmanaged
  | VolumeUnmanageFailed
  | VolumeDeleteRequested
  | VolumeForceDeleteRequested
  | VolumeDeleted
  | VolumeDeleteFailed;

const DELETABLE_STATUSES: VolumeStatus[] = ['available', 'error', 'error_restoring', 'error_extending', 'error_managing'];

export const unmanageVolume = ({ data }: UnmanageVolume, volume: ExistingVolume) =>
  deleteVolumeAs(volume, { ...data, unmanage_only: true, force: false, cascade: false, backend_frozen: false });

export const deleteVolume = ({ data }: DeleteVolume, volume: ExistingVolume) =>
  deleteVolumeAs(volume, { ...data, unmanage_only: false });

export const forceDeleteVolume = ({ data }: ForceDeleteVolume, volume: ExistingVolume) =>
  deleteVolumeAs(volume, { ...data, unmanage_only: false, force: true, cascade: false });

interface DeleteRequest {
  operation_id: string;
  now: string;
  unmanage_only: boolean;
  force: boolean;
  cascade: boolean;
  backend_frozen: boolean;
}

/**
 * cinder/volume/api.py `delete`, which unmanage and force delete share. Cinder skips the frozen
 * check when unmanaging. Only unmanaging refuses an encrypted volume, raising the base Invalid
 * exception, whose message ignores the reason it is given: "Unacceptable parameters.".
 */
function deleteVolumeAs(volume: ExistingVolume, request: DeleteRequest): UnmanageDeleteEvent[] {
  const { operation_id, now, unmanage_only, force, cascade } = request;
  if (volume.host === null) {
    // Never scheduled: nothing on a backend, the record simply goes.
    return [{ type: unmanage_only ? 'VolumeUnmanaged' : 'VolumeDeleted', data: { operation_id } }];
  }
  if (!unmanage_only && request.backend_frozen) {
    throw invalidInput('Modification operations are not allowed on frozen storage backends.');
  }
  if (unmanage_only && volume.encryption_key_id !== null) throw badRequest('Unacceptable parameters.');
  const snapshotsAllowed = cascade
    ? force || volume.snapshots.every((snapshot) => snapshot.status === 'available' || snapshot.status === 'error')
    : volume.snapshots.length === 0;
  const deletable =
    (force || DELETABLE_STATUSES.includes(volume.status)) &&
    volume.attach_status !== 'attached' &&
    !isMigrating(volume.migration_status) &&
    volume.group_id === null &&
    volume.consistencygroup_id === null &&
    snapshotsAllowed;
  if (!deletable) {
    // Without a status condition Cinder's message keeps its two spaces.
    const statusClause = force ? '' : `status must be ${orList(DELETABLE_STATUSES)} and`;
    throw invalidVolume(
      `Volume ${statusClause} must not be migrating, attached, belong to a group, have snapshots, awaiting a ` +
        'transfer, or be disassociated from snapshots after volume transfer.',
    );
  }
  const status: VolumeStatus =
    volume.status === 'error_managing' ? 'error_managing_deleting' : unmanage_only ? 'unmanaging' : 'deleting';
  if (unmanage_only) return [{ type: 'VolumeUnmanageRequested', data: { operation_id, status, terminated_at: now } }];
  const data = {
    operation_id,
    status,
    terminated_at: now,
    deleting_snapshot_ids: cascade ? volume.snapshots.map((snapshot) => snapshot.id) : [],
  };
  return [force ? { type: 'VolumeForceDeleteRequested', data } : { type: 'VolumeDeleteRequested', data }];
}

export function completeVolumeUnmanage({ data }: CompleteVolumeUnmanage, state: VolumeState): UnmanageDeleteEvent[] {
  if (!isPending(state, 'unmanage', data.operation_id, 'unmanaging', 'error_managing_deleting')) return [];
  return [{ type: 'VolumeUnmanaged', data }];
}

export function failVolumeUnmanage({ data }: FailVolumeUnmanage, state: VolumeState): UnmanageDeleteEvent[] {
  if (!isPending(state, 'unmanage', data.operation_id, 'unmanaging', 'error_managing_deleting')) return [];
  return [{ type: 'VolumeUnmanageFailed', data: { ...data, status: 'error_unmanaging' } }];
}

export function completeVolumeDelete({ data }: CompleteVolumeDelete, state: VolumeState): UnmanageDeleteEvent[] {
  if (!isPending(state, 'delete', data.operation_id, 'deleting', 'error_managing_deleting')) return [];
  return [{ type: 'VolumeDeleted', data }];
}

export function failVolumeDelete({ data }: FailVolumeDelete, state: VolumeState): UnmanageDeleteEvent[] {
  if (!isPending(state, 'delete', data.operation_id, 'deleting', 'error_managing_deleting')) return [];
  const { volume_busy, ...rest } = data;
  return [
    {
      type: 'VolumeDeleteFailed',
      data: {
        ...rest,
        // A busy volume was never touched: it is usable again.
        status: volume_busy ? 'available' : 'error_deleting',
        error_deleting_snapshot_ids: state.snapshots
          .filter((snapshot) => snapshot.status === 'deleting' && snapshot.operation_id === data.operation_id)
          .map((snapshot) => snapshot.id),
      },
    },
  ];
}

export function evolveUnmanageDelete(state: ExistingVolume, event: UnmanageDeleteEvent): ExistingVolume {
  switch (event.type) {
    case 'VolumeUnmanageRequested': {
      const { operation_id, status, terminated_at } = event.data;
      return { ...state, status, terminated_at, pending: { kind: 'unmanage', operation_id } };
    }
    case 'VolumeDeleteRequested':
    case 'VolumeForceDeleteRequested': {
      const { operation_id, status, terminated_at, deleting_snapshot_ids } = event.data;
      return {
        ...state,
        status,
        terminated_at,
        snapshots: withSnapshotStatus(state.snapshots, deleting_snapshot_ids, 'deleting', operation_id),
        pending: { kind: 'delete', operation_id },
      };
    }
    case 'VolumeUnmanaged':
    case 'VolumeDeleted':
      // Cinder soft-deletes the row and leaves its status as it was.
      return { ...state, deleted: true, pending: null };
    case 'VolumeUnmanageFailed':
      return { ...state, status: event.data.status, pending: null };
    case 'VolumeDeleteFailed':
      return {
        ...state,
        status: event.data.status,
        snapshots: withSnapshotStatus(state.snapshots, event.data.error_deleting_snapshot_ids, 'error_deleting', null),
        pending: null,
      };
  }
}
