import { isPending } from '../guards';
import { latestSnapshot, withSnapshotStatus } from '../snapshot-list';
import { badRequest, conflict } from '../volume-errors';
import type { ExistingVolume, VolumeState } from '../volume-state';
import type { SnapshotStatus, VolumeStatus } from '../volume-status';

/** revert (microversion ≥ 3.40): back to the volume's latest snapshot. */
export interface RevertVolumeToSnapshot {
  type: 'RevertVolumeToSnapshot';
  volume_id: string;
  data: { operation_id: string; snapshot_id: string | null };
}

export interface CompleteVolumeRevert {
  type: 'CompleteVolumeRevert';
  volume_id: string;
  data: { operation_id: string };
}

export interface FailVolumeRevert {
  type: 'FailVolumeRevert';
  volume_id: string;
  data: { operation_id: string; reason: string };
}

export type RevertCommand = RevertVolumeToSnapshot | CompleteVolumeRevert | FailVolumeRevert;

export interface VolumeRevertRequested {
  type: 'VolumeRevertRequested';
  data: { operation_id: string; snapshot_id: string };
}

/**
 * `snapshot_status`: what the snapshot became (`available` again if it was still `restoring`),
 * null when it no longer exists.
 */
export interface VolumeReverted {
  type: 'VolumeReverted';
  data: { operation_id: string; snapshot_id: string; status: VolumeStatus; snapshot_status: SnapshotStatus | null };
}

export interface VolumeRevertFailed {
  type: 'VolumeRevertFailed';
  data: {
    operation_id: string;
    snapshot_id: string;
    reason: string;
    status: VolumeStatus;
    snapshot_status: SnapshotStatus | null;
  };
}

export type RevertEvent = VolumeRevertRequested | VolumeReverted | VolumeRevertFailed;

/**
 * cinder/api/v3/volumes.py `revert` then volume/api.py `revert_to_snapshot`. Cinder flips the
 * volume to `reverting` before it finds the snapshot unavailable and leaves it stuck there; here
 * the 409 comes before any change (DEVIATIONS.md).
 */
export function revertVolumeToSnapshot({ data }: RevertVolumeToSnapshot, volume: ExistingVolume): RevertEvent[] {
  const latest = latestSnapshot(volume.snapshots);
  if (!latest) throw badRequest(`Volume ${volume.id} doesn't have any snapshots.`);
  if (data.snapshot_id !== latest.id) {
    throw badRequest(
      `Specified snapshot ${data.snapshot_id ?? 'None'} is None or not the latest one of volume ${volume.id}.`,
    );
  }
  const cannotRevert = `Can't revert volume ${volume.id} to its latest snapshot ${latest.id}.`;
  if (volume.size !== latest.volume_size) {
    throw badRequest(`${cannotRevert} The volume size must be equal to the snapshot size.`);
  }
  // Cinder's controller turns these two into 409s carrying the exception's full text.
  if (volume.status !== 'available') {
    throw conflict(`Invalid volume: ${cannotRevert} Volume's status must be 'available'.`);
  }
  if (latest.status !== 'available') {
    throw conflict(`Invalid snapshot: ${cannotRevert} Snapshot's status must be 'available'.`);
  }
  return [{ type: 'VolumeRevertRequested', data: { operation_id: data.operation_id, snapshot_id: latest.id } }];
}

export function completeVolumeRevert({ data }: CompleteVolumeRevert, state: VolumeState): RevertEvent[] {
  if (!isPending(state, 'revert', data.operation_id, 'reverting')) return [];
  const snapshot_id = state.pending!.snapshot_id!;
  return [
    {
      type: 'VolumeReverted',
      data: {
        operation_id: data.operation_id,
        snapshot_id,
        status: 'available',
        snapshot_status: released(state, snapshot_id),
      },
    },
  ];
}

export function failVolumeRevert({ data }: FailVolumeRevert, state: VolumeState): RevertEvent[] {
  if (!isPending(state, 'revert', data.operation_id, 'reverting')) return [];
  const snapshot_id = state.pending!.snapshot_id!;
  return [
    {
      type: 'VolumeRevertFailed',
      data: { ...data, snapshot_id, status: 'error', snapshot_status: released(state, snapshot_id) },
    },
  ];
}

/** Either way the snapshot is `available` again, if nothing else (a force delete) took it meanwhile. */
function released(volume: ExistingVolume, snapshotId: string): SnapshotStatus | null {
  const snapshot = volume.snapshots.find((candidate) => candidate.id === snapshotId);
  if (!snapshot) return null;
  return snapshot.status === 'restoring' ? 'available' : snapshot.status;
}

export function evolveRevert(state: ExistingVolume, event: RevertEvent): ExistingVolume {
  const { operation_id, snapshot_id } = event.data;
  switch (event.type) {
    case 'VolumeRevertRequested':
      return {
        ...state,
        status: 'reverting',
        snapshots: withSnapshotStatus(state.snapshots, [snapshot_id], 'restoring'),
        pending: { kind: 'revert', operation_id, snapshot_id },
      };
    case 'VolumeReverted':
    case 'VolumeRevertFailed': {
      const { status, snapshot_status } = event.data;
      const snapshots =
        snapshot_status === null ? state.snapshots : withSnapshotStatus(state.snapshots, [snapshot_id], snapshot_status);
      return { ...state, status, snapshots, pending: null };
    }
  }
}
