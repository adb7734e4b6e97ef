import type { ExistingVolume, PendingMigration, PendingOperation, VolumeStatus } from '@app/domain';

/**
 * Statuses the engine itself moves a volume out of, when the backend job it started ends: a
 * volume in one of them must have an operation under way (`verify` checks it), and one that stays
 * too long is stuck (`stuck` lists it). docs/audit.md says why each status is here.
 */
export const JOB_DRIVEN_STATUSES: ReadonlySet<VolumeStatus> = new Set<VolumeStatus>([
  'creating',
  'extending',
  'deleting',
  'error_managing_deleting',
  'retyping',
  'uploading',
  'downloading',
  'reverting',
  'maintenance',
  'backing-up',
  'restoring-backup',
  'managing',
  'unmanaging',
]);

/**
 * Statuses that wait for another party, not for an engine job: compute attaching or detaching
 * (`attaching`, `detaching`, `reserved`) or a transfer's recipient (`awaiting-transfer`). They
 * need no operation under way, but a caller that crashed leaves them stranded too, so `stuck`
 * reports them as waiting for an external party.
 */
export const EXTERNAL_WAIT_STATUSES: ReadonlySet<VolumeStatus> = new Set<VolumeStatus>([
  'attaching',
  'detaching',
  'reserved',
  'awaiting-transfer',
]);

export type TransitionalWait = 'job' | 'external';

/** The operation under way: a backend job, or a migration (which a locked volume waits on in `maintenance`). */
export type OperationUnderWay = PendingOperation | (PendingMigration & { kind: 'migrate' });

export function operationUnderWay(volume: ExistingVolume): OperationUnderWay | null {
  return volume.pending ?? (volume.migration ? { kind: 'migrate', ...volume.migration } : null);
}

/** What a volume in a transitional status waits for, or null when its status is settled. */
export function transitionalWait(volume: ExistingVolume): TransitionalWait | null {
  if (EXTERNAL_WAIT_STATUSES.has(volume.status)) return 'external';
  if (!JOB_DRIVEN_STATUSES.has(volume.status)) return null;
  return awaitsExtendCompletion(volume) ? 'external' : 'job';
}

/**
 * Cinder's extend of an attached volume with extend completion: the backend has finished and
 * the volume stays `extending`, its target size in admin metadata, until compute calls
 * os-extend_volume_completion. No job is left to run.
 */
const awaitsExtendCompletion = (volume: ExistingVolume) =>
  volume.status === 'extending' && !volume.pending && volume.admin_metadata.extend_new_size !== undefined;
