/** Cinder's volume statuses (cinder/objects/fields.py VolumeStatus, §2.1 of the spec). */
export const VOLUME_STATUSES = [
  'creating', 'available', 'deleting', 'error', 'error_deleting', 'error_managing', 'managing',
  'attaching', 'in-use', 'detaching', 'maintenance', 'restoring-backup', 'error_restoring',
  'reserved', 'awaiting-transfer', 'backing-up', 'error_backing-up', 'error_extending',
  'downloading', 'uploading', 'retyping', 'extending',
] as const;

/** Written by Cinder's code paths but not accepted by os-reset_status. */
export const INTERNAL_VOLUME_STATUSES = [
  'reverting', 'unmanaging', 'error_unmanaging', 'error_managing_deleting',
] as const;

export type ResettableVolumeStatus = (typeof VOLUME_STATUSES)[number];

export type VolumeStatus = ResettableVolumeStatus | (typeof INTERNAL_VOLUME_STATUSES)[number];

export type AttachStatus = 'attached' | 'detached' | 'attaching' | 'detaching' | 'reserved';

/** What os-reset_status accepts as migration_status; `none` stands for "no migration" (null). */
export const RESETTABLE_MIGRATION_STATUSES = [
  'migrating', 'error', 'success', 'completing', 'none', 'starting',
] as const;

export type ResettableMigrationStatus = (typeof RESETTABLE_MIGRATION_STATUSES)[number];

/**
 * Cinder's AVAILABLE_MIGRATION_STATUS: the migration statuses meaning "not migrating now"
 * (`deleting` is a source volume that failed to delete after a finished migration).
 */
const IDLE_MIGRATION_STATUSES: readonly (string | null)[] = [null, 'deleting', 'error', 'success'];

export const isMigrating = (migrationStatus: string | null) => !IDLE_MIGRATION_STATUSES.includes(migrationStatus);

/** Snapshot statuses a volume's snapshots go through here (`restoring` while a revert uses one). */
export type SnapshotStatus = 'creating' | 'available' | 'deleting' | 'error' | 'error_deleting' | 'restoring';
