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

export type VolumeStatus =
  | (typeof VOLUME_STATUSES)[number]
  | (typeof INTERNAL_VOLUME_STATUSES)[number];

export type AttachStatus = 'attached' | 'detached' | 'attaching' | 'detaching' | 'reserved';
