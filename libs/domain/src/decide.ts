import { attachVolume, detachVolume } from './actions/attach-detach';
import { setVolumeBootable, updateVolumeReadonlyFlag } from './actions/bootable-readonly';
import { initializeVolumeConnection, terminateVolumeConnection } from './actions/connections';
import { completeVolumeCreate, createVolume, failVolumeCreate } from './actions/create';
import {
  completeVolumeExtend,
  extendVolume,
  extendVolumeCompletion,
  failVolumeExtend,
  deferVolumeExtendToCompute,
} from './actions/extend';
import { forceDetachVolume } from './actions/force-detach';
import { setVolumeImageMetadata, unsetVolumeImageMetadata } from './actions/image-metadata';
import { completeVolumeMigration, failVolumeMigration, migrateVolume } from './actions/migrate';
import { migrateVolumeCompletion } from './actions/migrate-completion';
import { completeVolumeReimage, failVolumeReimage, reimageVolume } from './actions/reimage';
import { beginDetachingVolume, reserveVolume, rollDetachingVolume, unreserveVolume } from './actions/reserve';
import { resetVolumeStatus } from './actions/reset-status';
import { completeVolumeRetype, failVolumeRetype, retypeVolume } from './actions/retype';
import { completeVolumeRevert, failVolumeRevert, revertVolumeToSnapshot } from './actions/revert';
import {
  completeSnapshotCreate,
  completeSnapshotDelete,
  createSnapshot,
  deleteSnapshot,
  failSnapshotCreate,
  failSnapshotDelete,
} from './actions/snapshots';
import {
  completeVolumeDelete,
  completeVolumeUnmanage,
  deleteVolume,
  failVolumeDelete,
  failVolumeUnmanage,
  forceDeleteVolume,
  unmanageVolume,
} from './actions/unmanage-delete';
import { deleteVolumeMetadata, setVolumeMetadata, updateVolume } from './actions/update';
import {
  completeVolumeUploadToImage,
  failVolumeUploadToImage,
  uploadVolumeToImage,
} from './actions/upload-image';
import { existing } from './guards';
import type { VolumeCommand } from './volume-commands';
import type { VolumeEvent } from './volume-events';
import type { VolumeState } from './volume-state';

/**
 * The Volume decider: which events a command records, given the volume's state, or a VolumeError
 * saying why Cinder would refuse it. Requests act on an existing volume (else 404); a backend
 * result for an operation that is no longer pending (it arrived twice, or too late) records
 * nothing. os-reset_status checks its body before looking the volume up, as Cinder does.
 */
export function decide(command: VolumeCommand, state: VolumeState): VolumeEvent[] {
  switch (command.type) {
    case 'CreateVolume':
      return createVolume(command, state);
    case 'CompleteVolumeCreate':
      return completeVolumeCreate(command, state);
    case 'FailVolumeCreate':
      return failVolumeCreate(command, state);
    case 'ExtendVolume':
      return extendVolume(command, existing(state, command.volume_id));
    case 'CompleteVolumeExtend':
      return completeVolumeExtend(command, state);
    case 'FailVolumeExtend':
      return failVolumeExtend(command, state);
    case 'DeferVolumeExtendToCompute':
      return deferVolumeExtendToCompute(command, state);
    case 'ExtendVolumeCompletion':
      return extendVolumeCompletion(command, existing(state, command.volume_id));
    case 'ResetVolumeStatus':
      return resetVolumeStatus(command, state);
    case 'RevertVolumeToSnapshot':
      return revertVolumeToSnapshot(command, existing(state, command.volume_id));
    case 'CompleteVolumeRevert':
      return completeVolumeRevert(command, state);
    case 'FailVolumeRevert':
      return failVolumeRevert(command, state);
    case 'SetVolumeImageMetadata':
      return setVolumeImageMetadata(command, existing(state, command.volume_id));
    case 'UnsetVolumeImageMetadata':
      return unsetVolumeImageMetadata(command, existing(state, command.volume_id));
    case 'AttachVolume':
      return attachVolume(command, existing(state, command.volume_id));
    case 'DetachVolume':
      return detachVolume(command, existing(state, command.volume_id));
    case 'ReserveVolume':
      return reserveVolume(command, existing(state, command.volume_id));
    case 'UnreserveVolume':
      return unreserveVolume(command, existing(state, command.volume_id));
    case 'BeginDetachingVolume':
      return beginDetachingVolume(command, existing(state, command.volume_id));
    case 'RollDetachingVolume':
      return rollDetachingVolume(command, existing(state, command.volume_id));
    case 'InitializeVolumeConnection':
      return initializeVolumeConnection(command, existing(state, command.volume_id));
    case 'TerminateVolumeConnection':
      return terminateVolumeConnection(command, existing(state, command.volume_id));
    case 'ForceDetachVolume':
      return forceDetachVolume(command, existing(state, command.volume_id));
    case 'RetypeVolume':
      return retypeVolume(command, existing(state, command.volume_id));
    case 'CompleteVolumeRetype':
      return completeVolumeRetype(command, state);
    case 'FailVolumeRetype':
      return failVolumeRetype(command, state);
    case 'MigrateVolume':
      return migrateVolume(command, existing(state, command.volume_id));
    case 'CompleteVolumeMigration':
      return completeVolumeMigration(command, state);
    case 'FailVolumeMigration':
      return failVolumeMigration(command, state);
    case 'MigrateVolumeCompletion':
      return migrateVolumeCompletion(command, existing(state, command.volume_id));
    case 'UploadVolumeToImage':
      return uploadVolumeToImage(command, existing(state, command.volume_id));
    case 'CompleteVolumeUploadToImage':
      return completeVolumeUploadToImage(command, state);
    case 'FailVolumeUploadToImage':
      return failVolumeUploadToImage(command, state);
    case 'ReimageVolume':
      return reimageVolume(command, existing(state, command.volume_id));
    case 'CompleteVolumeReimage':
      return completeVolumeReimage(command, state);
    case 'FailVolumeReimage':
      return failVolumeReimage(command, state);
    case 'UnmanageVolume':
      return unmanageVolume(command, existing(state, command.volume_id));
    case 'DeleteVolume':
      return deleteVolume(command, existing(state, command.volume_id));
    case 'ForceDeleteVolume':
      return forceDeleteVolume(command, existing(state, command.volume_id));
    case 'CompleteVolumeUnmanage':
      return completeVolumeUnmanage(command, state);
    case 'FailVolumeUnmanage':
      return failVolumeUnmanage(command, state);
    case 'CompleteVolumeDelete':
      return completeVolumeDelete(command, state);
    case 'FailVolumeDelete':
      return failVolumeDelete(command, state);
    case 'SetVolumeBootable':
      return setVolumeBootable(command, existing(state, command.volume_id));
    case 'UpdateVolumeReadonlyFlag':
      return updateVolumeReadonlyFlag(command, existing(state, command.volume_id));
    case 'UpdateVolume':
      return updateVolume(command, existing(state, command.volume_id));
    case 'SetVolumeMetadata':
      return setVolumeMetadata(command, existing(state, command.volume_id));
    case 'DeleteVolumeMetadata':
      return deleteVolumeMetadata(command, existing(state, command.volume_id));
    case 'CreateSnapshot':
      return createSnapshot(command, existing(state, command.volume_id));
    case 'CompleteSnapshotCreate':
      return completeSnapshotCreate(command, state);
    case 'FailSnapshotCreate':
      return failSnapshotCreate(command, state);
    case 'DeleteSnapshot':
      return deleteSnapshot(command, existing(state, command.volume_id));
    case 'CompleteSnapshotDelete':
      return completeSnapshotDelete(command, state);
    case 'FailSnapshotDelete':
      return failSnapshotDelete(command, state);
    default: {
      const unexpected: never = command;
      throw new Error(`Unknown command ${JSON.stringify(unexpected)}`);
    }
  }
}
