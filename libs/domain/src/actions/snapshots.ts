import { withSnapshotStatus } from '../snapshot-list';
import { invalidInput, invalidSnapshot, invalidVolume, notFound } from '../volume-errors';
import type { ExistingVolume, Snapshot, VolumeState } from '../volume-state';
import { isMigrating, type SnapshotStatus } from '../volume-status';

/**
 * POST /snapshots. `force`: the request's force flag, or microversion ≥ 3.66 (which allows in-use
 * volumes without it). The handler mints `snapshot_id` and reserves the snapshot quota.
 */
export interface CreateSnapshot {
  type: 'CreateSnapshot';
  volume_id: string;
  data: {
    operation_id: string;
    snapshot_id: string;
    name: string | null;
    description: string | null;
    force: boolean;
    backend_frozen: boolean;
    now: string;
  };
}

export interface CompleteSnapshotCreate {
  type: 'CompleteSnapshotCreate';
  volume_id: string;
  data: { snapshot_id: string; operation_id: string };
}

export interface FailSnapshotCreate {
  type: 'FailSnapshotCreate';
  volume_id: string;
  data: { snapshot_id: string; operation_id: string; reason: string };
}

/** DELETE /snapshots/{id}; `force` is the snapshot's os-force_delete (admin), which skips the status check. */
export interface DeleteSnapshot {
  type: 'DeleteSnapshot';
  volume_id: string;
  data: { snapshot_id: string; operation_id: string; force: boolean; backend_frozen: boolean };
}

export interface CompleteSnapshotDelete {
  type: 'CompleteSnapshotDelete';
  volume_id: string;
  data: { snapshot_id: string; operation_id: string };
}

export interface FailSnapshotDelete {
  type: 'FailSnapshotDelete';
  volume_id: string;
  data: { snapshot_id: string; operation_id: string; reason: string };
}

export type SnapshotCommand =
  | CreateSnapshot
  | CompleteSnapshotCreate
  | FailSnapshotCreate
  | DeleteSnapshot
  | CompleteSnapshotDelete
  | FailSnapshotDelete;

/** `volume_size`: the volume's size now, which a revert to this snapshot will require. */
export interface SnapshotCreateRequested {
  type: 'SnapshotCreateRequested';
  data: {
    snapshot_id: string;
    operation_id: string;
    name: string | null;
    description: string | null;
    volume_size: number;
    created_at: string;
  };
}

export interface SnapshotCreated {
  type: 'SnapshotCreated';
  data: { snapshot_id: string; operation_id: string };
}

export interface SnapshotCreateFailed {
  type: 'SnapshotCreateFailed';
  data: { snapshot_id: string; operation_id: string; reason: string };
}

export interface SnapshotDeleteRequested {
  type: 'SnapshotDeleteRequested';
  data: { snapshot_id: string; operation_id: string };
}

export interface SnapshotDeleted {
  type: 'SnapshotDeleted';
  data: { snapshot_id: string; operation_id: string };
}

export interface SnapshotDeleteFailed {
  type: 'SnapshotDeleteFailed';
  data: { snapshot_id: string; operation_id: string; reason: string };
}

export type SnapshotEvent =
  | SnapshotCreateRequested
  | SnapshotCreated
  | SnapshotCreateFailed
  | SnapshotDeleteRequested
  | SnapshotDeleted
  | SnapshotDeleteFailed;

const FROZEN = 'Modification operations are not allowed on frozen storage backends.';

/** cinder/volume/api.py `_create_snapshot`: frozen backend, then `_create_snapshot_in_db_validate`, then the status. */
export function createSnapshot({ data }: CreateSnapshot, volume: ExistingVolume): SnapshotEvent[] {
  if (data.backend_frozen) throw invalidInput(FROZEN);
  if (volume.host === null) {
    throw invalidVolume('The snapshot cannot be created because volume has not been scheduled to any host.');
  }
  if (volume.status === 'maintenance') {
    throw invalidVolume('The snapshot cannot be created when the volume is in maintenance mode.');
  }
  if (isMigrating(volume.migration_status)) throw invalidVolume('Snapshot cannot be created while volume is migrating.');
  if (volume.status === 'error') throw invalidVolume('The snapshot cannot be created when the volume is in error status.');
  const valid = data.force ? ['available', 'in-use'] : ['available'];
  if (!valid.includes(volume.status)) {
    // Joined with a comma here, not with "or".
    throw invalidVolume(
      `Volume ${volume.id} status must be ${valid.join(', ')}, but current status is: ${volume.status}.`,
    );
  }
  const { snapshot_id, operation_id, name, description, now } = data;
  return [
    {
      type: 'SnapshotCreateRequested',
      data: { snapshot_id, operation_id, name, description, volume_size: volume.size, created_at: now },
    },
  ];
}

export function completeSnapshotCreate({ data }: CompleteSnapshotCreate, state: VolumeState): SnapshotEvent[] {
  if (!pendingSnapshot(state, data, 'creating')) return [];
  return [{ type: 'SnapshotCreated', data }];
}

export function failSnapshotCreate({ data }: FailSnapshotCreate, state: VolumeState): SnapshotEvent[] {
  if (!pendingSnapshot(state, data, 'creating')) return [];
  return [{ type: 'SnapshotCreateFailed', data }];
}

/** cinder/volume/api.py `delete_snapshot`. Snapshots belong to no group here, so a forced delete always passes. */
export function deleteSnapshot({ data }: DeleteSnapshot, volume: ExistingVolume): SnapshotEvent[] {
  const snapshot = volume.snapshots.find((candidate) => candidate.id === data.snapshot_id);
  if (!snapshot) throw notFound(`Snapshot ${data.snapshot_id} could not be found.`);
  if (data.backend_frozen) throw invalidInput(FROZEN);
  if (!data.force && snapshot.status !== 'available' && snapshot.status !== 'error') {
    throw invalidSnapshot('Snapshot status must be available or error and must not be part of a group.');
  }
  return [{ type: 'SnapshotDeleteRequested', data: { snapshot_id: data.snapshot_id, operation_id: data.operation_id } }];
}

export function completeSnapshotDelete({ data }: CompleteSnapshotDelete, state: VolumeState): SnapshotEvent[] {
  if (!pendingSnapshot(state, data, 'deleting')) return [];
  return [{ type: 'SnapshotDeleted', data }];
}

export function failSnapshotDelete({ data }: FailSnapshotDelete, state: VolumeState): SnapshotEvent[] {
  if (!pendingSnapshot(state, data, 'deleting')) return [];
  return [{ type: 'SnapshotDeleteFailed', data }];
}

/** The snapshot still waits on this very operation (a cascading volume delete counts as its delete). */
function pendingSnapshot(
  state: VolumeState,
  { snapshot_id, operation_id }: { snapshot_id: string; operation_id: string },
  status: SnapshotStatus,
): boolean {
  if (!state.exists || state.deleted) return false;
  const snapshot = state.snapshots.find((candidate) => candidate.id === snapshot_id);
  return snapshot?.status === status && snapshot.operation_id === operation_id;
}

export function evolveSnapshots(state: ExistingVolume, event: SnapshotEvent): ExistingVolume {
  const { snapshot_id } = event.data;
  switch (event.type) {
    case 'SnapshotCreateRequested': {
      const { operation_id, name, description, volume_size, created_at } = event.data;
      const snapshot: Snapshot = {
        id: snapshot_id,
        status: 'creating',
        volume_size,
        created_at,
        name,
        description,
        operation_id,
      };
      return { ...state, snapshots: [...state.snapshots, snapshot] };
    }
    case 'SnapshotCreated':
      return { ...state, snapshots: withSnapshotStatus(state.snapshots, [snapshot_id], 'available', null) };
    case 'SnapshotCreateFailed':
      return { ...state, snapshots: withSnapshotStatus(state.snapshots, [snapshot_id], 'error', null) };
    case 'SnapshotDeleteRequested':
      return {
        ...state,
        snapshots: withSnapshotStatus(state.snapshots, [snapshot_id], 'deleting', event.data.operation_id),
      };
    case 'SnapshotDeleted':
      return { ...state, snapshots: state.snapshots.filter((snapshot) => snapshot.id !== snapshot_id) };
    case 'SnapshotDeleteFailed':
      return { ...state, snapshots: withSnapshotStatus(state.snapshots, [snapshot_id], 'error_deleting', null) };
  }
}
