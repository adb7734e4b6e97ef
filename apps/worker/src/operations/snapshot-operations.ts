import type { VolumeState } from '@app/domain';
import type { SnapshotStatus } from '@app/domain';
import type { BackendJob } from '@app/job-queue';

/** The snapshot a snapshot job works on still waits on that very job's operation. */
export function snapshotPending(state: VolumeState, job: BackendJob, status: SnapshotStatus): boolean {
  if (!state.exists || state.deleted) return false;
  const snapshot = state.snapshots.find((candidate) => candidate.id === job.data.snapshot_id);
  return snapshot?.status === status && snapshot.operation_id === job.data.operation_id;
}
