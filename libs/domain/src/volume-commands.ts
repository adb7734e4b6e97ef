import type { AttachDetachCommand } from './actions/attach-detach';
import type { BootableReadonlyCommand } from './actions/bootable-readonly';
import type { ConnectionCommand } from './actions/connections';
import type { CreateCommand } from './actions/create';
import type { ExtendCommand } from './actions/extend';
import type { ForceDetachVolume } from './actions/force-detach';
import type { ImageMetadataCommand } from './actions/image-metadata';
import type { MigrateCommand } from './actions/migrate';
import type { MigrateVolumeCompletion } from './actions/migrate-completion';
import type { ReimageCommand } from './actions/reimage';
import type { ReserveCommand } from './actions/reserve';
import type { ResetVolumeStatus } from './actions/reset-status';
import type { RetypeCommand } from './actions/retype';
import type { RevertCommand } from './actions/revert';
import type { SnapshotCommand } from './actions/snapshots';
import type { UnmanageDeleteCommand } from './actions/unmanage-delete';
import type { UpdateCommand } from './actions/update';
import type { UploadImageCommand } from './actions/upload-image';

/**
 * Commands a volume can be asked to carry out, each defined beside the rules that decide it
 * (`actions/`). Ids, the time and every fact from outside the volume (types, images, services,
 * the compute service's view) come in from the handler: the domain has no clock, no randomness
 * and no I/O. Quotas and policy are the handler's, not the volume's.
 */
export type VolumeCommand =
  | CreateCommand
  | ExtendCommand
  | ResetVolumeStatus
  | RevertCommand
  | ImageMetadataCommand
  | AttachDetachCommand
  | ReserveCommand
  | ConnectionCommand
  | ForceDetachVolume
  | RetypeCommand
  | MigrateCommand
  | MigrateVolumeCompletion
  | UploadImageCommand
  | ReimageCommand
  | UnmanageDeleteCommand
  | BootableReadonlyCommand
  | UpdateCommand
  | SnapshotCommand;
