import type { AttachDetachEvent } from './actions/attach-detach';
import type { BootableReadonlyEvent } from './actions/bootable-readonly';
import type { ConnectionEvent } from './actions/connections';
import type { CreateEvent } from './actions/create';
import type { ExtendEvent } from './actions/extend';
import type { ImageMetadataEvent } from './actions/image-metadata';
import type { MigrateEvent } from './actions/migrate';
import type { VolumeMigrationCompleted } from './actions/migrate-completion';
import type { ReimageEvent } from './actions/reimage';
import type { ReserveEvent } from './actions/reserve';
import type { VolumeStatusReset } from './actions/reset-status';
import type { RetypeEvent } from './actions/retype';
import type { RevertEvent } from './actions/revert';
import type { SnapshotEvent } from './actions/snapshots';
import type { UnmanageDeleteEvent } from './actions/unmanage-delete';
import type { UpdateEvent } from './actions/update';
import type { UploadImageEvent } from './actions/upload-image';

/**
 * The facts recorded in a volume's stream, each defined beside the action that records it
 * (`actions/`). Type strings are stored and must never change; a change of meaning gets a new
 * event name, a change of shape a new schema version and an upcaster. Events carry the values
 * the volume ended with (the status a detach recomputed, ...), so evolving needs no rules.
 */
export type VolumeEvent =
  | CreateEvent
  | ExtendEvent
  | VolumeStatusReset
  | RevertEvent
  | ImageMetadataEvent
  | AttachDetachEvent
  | ReserveEvent
  | ConnectionEvent
  | RetypeEvent
  | MigrateEvent
  | VolumeMigrationCompleted
  | UploadImageEvent
  | ReimageEvent
  | UnmanageDeleteEvent
  | BootableReadonlyEvent
  | UpdateEvent
  | SnapshotEvent;

export type VolumeEventType = VolumeEvent['type'];

/** Current schema version of each event type, written into every stored event's metadata. */
export const EVENT_SCHEMA_VERSIONS: Record<VolumeEventType, number> = {
  VolumeCreateRequested: 1,
  VolumeCreated: 1,
  VolumeCreateFailed: 1,
  VolumeExtendRequested: 1,
  VolumeExtended: 1,
  VolumeExtendFailed: 1,
  VolumeExtendDeferredToCompute: 1,
  VolumeExtendCompletionRecorded: 1,
  VolumeStatusReset: 1,
  VolumeRevertRequested: 1,
  VolumeReverted: 1,
  VolumeRevertFailed: 1,
  VolumeImageMetadataSet: 1,
  VolumeImageMetadataUnset: 1,
  VolumeAttached: 1,
  VolumeAttachRepeated: 1,
  VolumeDetached: 1,
  VolumeReserved: 1,
  VolumeUnreserved: 1,
  VolumeDetachingBegun: 1,
  VolumeDetachingRolledBack: 1,
  VolumeConnectionInitialized: 1,
  VolumeConnectionTerminated: 1,
  VolumeRetypeRequested: 1,
  VolumeRetyped: 1,
  VolumeRetypeFailed: 1,
  VolumeMigrationRequested: 1,
  VolumeMigrated: 1,
  VolumeMigrationFailed: 1,
  VolumeMigrationCompleted: 1,
  VolumeUploadToImageRequested: 1,
  VolumeUploadedToImage: 1,
  VolumeUploadToImageFailed: 1,
  VolumeReimageRequested: 1,
  VolumeReimaged: 1,
  VolumeReimageFailed: 1,
  VolumeUnmanageRequested: 1,
  VolumeUnmanaged: 1,
  VolumeUnmanageFailed: 1,
  VolumeDeleteRequested: 1,
  VolumeForceDeleteRequested: 1,
  VolumeDeleted: 1,
  VolumeDeleteFailed: 1,
  VolumeBootableSet: 1,
  VolumeReadonlyFlagUpdated: 1,
  VolumeUpdated: 1,
  VolumeMetadataSet: 1,
  VolumeMetadataDeleted: 1,
  SnapshotCreateRequested: 1,
  SnapshotCreated: 1,
  SnapshotCreateFailed: 1,
  SnapshotDeleteRequested: 1,
  SnapshotDeleted: 1,
  SnapshotDeleteFailed: 1,
};

export const VOLUME_EVENT_TYPES = Object.keys(EVENT_SCHEMA_VERSIONS) as VolumeEventType[];

export function isVolumeEventType(type: string): type is VolumeEventType {
  return Object.prototype.hasOwnProperty.call(EVENT_SCHEMA_VERSIONS, type);
}

/**
 * Brings a stored event of an older schema version to the current shape. Every type is at
 * version 1 so far; an upcaster is added here when a shape changes.
 */
export function upcast(type: string, schemaVersion: number, data: Record<string, unknown>): VolumeEvent {
  if (!isVolumeEventType(type)) {
    throw new Error(`Unknown volume event type ${type}`);
  }
  if (schemaVersion > EVENT_SCHEMA_VERSIONS[type]) {
    throw new Error(
      `Event ${type} has schema version ${schemaVersion}, newer than this engine understands ` +
        `(${EVENT_SCHEMA_VERSIONS[type]}); upgrade the engine before reading this stream`,
    );
  }
  return { type, data } as VolumeEvent;
}
