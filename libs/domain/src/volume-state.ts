import { evolveAttachDetach } from './actions/attach-detach';
import { evolveBootableReadonly } from './actions/bootable-readonly';
import { evolveConnections } from './actions/connections';
import { evolveCreate, volumeCreateRequested } from './actions/create';
import { evolveExtend } from './actions/extend';
import { evolveImageMetadata } from './actions/image-metadata';
import { evolveMigrate } from './actions/migrate';
import { evolveMigrateCompletion } from './actions/migrate-completion';
import { evolveReimage } from './actions/reimage';
import { evolveReserve } from './actions/reserve';
import { evolveResetStatus } from './actions/reset-status';
import { evolveRetype } from './actions/retype';
import { evolveRevert } from './actions/revert';
import { evolveSnapshots } from './actions/snapshots';
import { evolveUnmanageDelete } from './actions/unmanage-delete';
import { evolveUpdate } from './actions/update';
import { evolveUploadImage } from './actions/upload-image';
import type { VolumeEvent } from './volume-events';
import type { AttachStatus, SnapshotStatus, VolumeStatus } from './volume-status';

/**
 * The backend operation that put the volume in its transitional status (`extending`,
 * `reverting`, ...). Completions of any other operation are ignored. The fields after
 * `operation_id` belong to one kind each.
 */
export interface PendingOperation {
  kind: 'create' | 'extend' | 'revert' | 'retype' | 'upload' | 'reimage' | 'unmanage' | 'delete';
  operation_id: string;
  /** extend */
  new_size?: number;
  /** revert */
  snapshot_id?: string;
  /** retype */
  new_type?: { id: string; name: string };
  /** upload, reimage */
  image_id?: string;
}

/**
 * An os-migrate_volume under way. It does not own the status (an unlocked volume stays
 * `available` or `in-use` and other actions go on), so it waits beside `pending`.
 */
export interface PendingMigration {
  operation_id: string;
  host: string | null;
  cluster_name: string | null;
}

/** Where a volume's data lives; a migration or a retype with migration moves it. */
export interface Placement {
  host: string;
  cluster_name: string | null;
  provider_location: string | null;
}

export interface Attachment {
  id: string;
  attach_status: string;
  instance_uuid: string | null;
  attached_host: string | null;
  mountpoint: string | null;
  attach_mode: 'rw' | 'ro' | null;
  /** Set by the attachments API; legacy os-attach attachments have none (see the #2004555 guard). */
  connection_info: Record<string, unknown> | null;
  attached_at: string | null;
}

/** A snapshot of this volume: snapshots live in their volume's stream (one consistency boundary). */
export interface Snapshot {
  id: string;
  status: SnapshotStatus;
  /** The volume's size when the snapshot was taken; a revert needs it to equal the current size. */
  volume_size: number;
  created_at: string;
  name: string | null;
  description: string | null;
  /** The backend operation the snapshot waits on (its create, its delete, or a cascading delete). */
  operation_id: string | null;
}

export interface ExistingVolume {
  exists: true;
  id: string;
  project_id: string;
  user_id: string;
  status: VolumeStatus;
  previous_status: VolumeStatus | null;
  attach_status: AttachStatus;
  migration_status: string | null;
  size: number;
  name: string | null;
  description: string | null;
  availability_zone: string;
  /** The type's name. */
  volume_type: string | null;
  volume_type_id: string | null;
  metadata: Record<string, string>;
  /** Cinder's admin metadata: `readonly`, `attached_mode`, `extend_new_size`, `extend_reservations`. */
  admin_metadata: Record<string, string>;
  /** Glance metadata of the image the volume holds (`volume_image_metadata` in Cinder's views). */
  volume_image_metadata: Record<string, string>;
  bootable: boolean;
  multiattach: boolean;
  host: string | null;
  cluster_name: string | null;
  provider_location: string | null;
  encryption_key_id: string | null;
  group_id: string | null;
  consistencygroup_id: string | null;
  replication_status: string | null;
  attachments: Attachment[];
  snapshots: Snapshot[];
  created_at: string;
  terminated_at: string | null;
  /** Deleted or unmanaged: the volume is gone, every further command is "not found". */
  deleted: boolean;
  pending: PendingOperation | null;
  migration: PendingMigration | null;
}

export type VolumeState = { exists: false } | ExistingVolume;

export const initialState = (): VolumeState => ({ exists: false });

export function evolve(state: VolumeState, event: VolumeEvent): VolumeState {
  if (event.type === 'VolumeCreateRequested') return volumeCreateRequested(event);
  if (!state.exists) return state;

  switch (event.type) {
    case 'VolumeCreated':
    case 'VolumeCreateFailed':
      return evolveCreate(state, event);
    case 'VolumeExtendRequested':
    case 'VolumeExtended':
    case 'VolumeExtendFailed':
    case 'VolumeExtendDeferredToCompute':
    case 'VolumeExtendCompletionRecorded':
      return evolveExtend(state, event);
    case 'VolumeStatusReset':
      return evolveResetStatus(state, event);
    case 'VolumeRevertRequested':
    case 'VolumeReverted':
    case 'VolumeRevertFailed':
      return evolveRevert(state, event);
    case 'VolumeImageMetadataSet':
    case 'VolumeImageMetadataUnset':
      return evolveImageMetadata(state, event);
    case 'VolumeAttached':
    case 'VolumeAttachRepeated':
    case 'VolumeDetached':
      return evolveAttachDetach(state, event);
    case 'VolumeReserved':
    case 'VolumeUnreserved':
    case 'VolumeDetachingBegun':
    case 'VolumeDetachingRolledBack':
      return evolveReserve(state, event);
    case 'VolumeConnectionInitialized':
    case 'VolumeConnectionTerminated':
      return evolveConnections(state, event);
    case 'VolumeRetypeRequested':
    case 'VolumeRetyped':
    case 'VolumeRetypeFailed':
      return evolveRetype(state, event);
    case 'VolumeMigrationRequested':
    case 'VolumeMigrated':
    case 'VolumeMigrationFailed':
      return evolveMigrate(state, event);
    case 'VolumeMigrationCompleted':
      return evolveMigrateCompletion(state, event);
    case 'VolumeUploadToImageRequested':
    case 'VolumeUploadedToImage':
    case 'VolumeUploadToImageFailed':
      return evolveUploadImage(state, event);
    case 'VolumeReimageRequested':
    case 'VolumeReimaged':
    case 'VolumeReimageFailed':
      return evolveReimage(state, event);
    case 'VolumeUnmanageRequested':
    case 'VolumeUnmanaged':
    case 'VolumeUnmanageFailed':
    case 'VolumeDeleteRequested':
    case 'VolumeForceDeleteRequested':
    case 'VolumeDeleted':
    case 'VolumeDeleteFailed':
      return evolveUnmanageDelete(state, event);
    case 'VolumeBootableSet':
    case 'VolumeReadonlyFlagUpdated':
      return evolveBootableReadonly(state, event);
    case 'VolumeUpdated':
    case 'VolumeMetadataSet':
    case 'VolumeMetadataDeleted':
      return evolveUpdate(state, event);
    case 'SnapshotCreateRequested':
    case 'SnapshotCreated':
    case 'SnapshotCreateFailed':
    case 'SnapshotDeleteRequested':
    case 'SnapshotDeleted':
    case 'SnapshotDeleteFailed':
      return evolveSnapshots(state, event);
    default: {
      const unexpected: never = event;
      return unexpected;
    }
  }
}

export const fold = (events: Iterable<VolumeEvent>, from: VolumeState = initialState()): VolumeState => {
  let state = from;
  for (const event of events) state = evolve(state, event);
  return state;
};
