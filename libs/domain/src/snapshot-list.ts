import type { Snapshot } from './volume-state';
import type { SnapshotStatus } from './volume-status';

/** Cinder's snapshot_get_latest_for_volume: newest created_at (of any status); a later one wins a tie. */
export const latestSnapshot = (snapshots: Snapshot[]): Snapshot | undefined =>
  snapshots.reduce<Snapshot | undefined>(
    (latest, snapshot) => (latest === undefined || snapshot.created_at >= latest.created_at ? snapshot : latest),
    undefined,
  );

export const withSnapshotStatus = (
  snapshots: Snapshot[],
  ids: readonly string[],
  status: SnapshotStatus,
  operation_id?: string | null,
): Snapshot[] =>
  snapshots.map((snapshot) =>
    ids.includes(snapshot.id)
      ? { ...snapshot, status, operation_id: operation_id === undefined ? snapshot.operation_id : operation_id }
      : snapshot,
  );
