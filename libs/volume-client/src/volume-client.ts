import type { VolumeActionTransport } from './transports';
import type { CallOptions, VolumeActionBodies, VolumeActionName, VolumeActionResult } from './volume-actions.types';

/**
 * A typed client of the engine's volume actions for other Node services, over HTTP or the command
 * queue: one method per action, named as Cinder names the action. A refusal throws a
 * VolumeActionError carrying Cinder's status and fault body.
 */
export class VolumeClient {
  constructor(private readonly transport: VolumeActionTransport) {}

  /** Any action by its Cinder name. */
  async act<A extends VolumeActionName>(action: A, volumeId: string, body: VolumeActionBodies[A], options: CallOptions = {}): Promise<VolumeActionResult<A>> {
    return (await this.transport.send(action, volumeId, body, options)) as VolumeActionResult<A>;
  }

  extend = (id: string, body: VolumeActionBodies['os-extend'], o?: CallOptions) => this.act('os-extend', id, body, o);
  extendVolumeCompletion = (id: string, body: VolumeActionBodies['os-extend_volume_completion'], o?: CallOptions) => this.act('os-extend_volume_completion', id, body, o);
  resetStatus = (id: string, body: VolumeActionBodies['os-reset_status'], o?: CallOptions) => this.act('os-reset_status', id, body, o);
  revert = (id: string, body: VolumeActionBodies['revert'], o?: CallOptions) => this.act('revert', id, body, o);
  setImageMetadata = (id: string, body: VolumeActionBodies['os-set_image_metadata'], o?: CallOptions) => this.act('os-set_image_metadata', id, body, o);
  unsetImageMetadata = (id: string, body: VolumeActionBodies['os-unset_image_metadata'], o?: CallOptions) => this.act('os-unset_image_metadata', id, body, o);
  showImageMetadata = (id: string, o?: CallOptions) => this.act('os-show_image_metadata', id, {}, o);
  attach = (id: string, body: VolumeActionBodies['os-attach'], o?: CallOptions) => this.act('os-attach', id, body, o);
  detach = (id: string, body: VolumeActionBodies['os-detach'] = {}, o?: CallOptions) => this.act('os-detach', id, body, o);
  unmanage = (id: string, o?: CallOptions) => this.act('os-unmanage', id, {}, o);
  forceDetach = (id: string, body: VolumeActionBodies['os-force_detach'] = {}, o?: CallOptions) => this.act('os-force_detach', id, body, o);
  retype = (id: string, body: VolumeActionBodies['os-retype'], o?: CallOptions) => this.act('os-retype', id, body, o);
  migrate = (id: string, body: VolumeActionBodies['os-migrate_volume'], o?: CallOptions) => this.act('os-migrate_volume', id, body, o);
  migrateVolumeCompletion = (id: string, body: VolumeActionBodies['os-migrate_volume_completion'], o?: CallOptions) => this.act('os-migrate_volume_completion', id, body, o);
  forceDelete = (id: string, o?: CallOptions) => this.act('os-force_delete', id, {}, o);
  setBootable = (id: string, body: VolumeActionBodies['os-set_bootable'], o?: CallOptions) => this.act('os-set_bootable', id, body, o);
  uploadToImage = (id: string, body: VolumeActionBodies['os-volume_upload_image'], o?: CallOptions) => this.act('os-volume_upload_image', id, body, o);
  reserve = (id: string, o?: CallOptions) => this.act('os-reserve', id, {}, o);
  unreserve = (id: string, o?: CallOptions) => this.act('os-unreserve', id, {}, o);
  beginDetaching = (id: string, o?: CallOptions) => this.act('os-begin_detaching', id, {}, o);
  rollDetaching = (id: string, o?: CallOptions) => this.act('os-roll_detaching', id, {}, o);
  terminateConnection = (id: string, body: VolumeActionBodies['os-terminate_connection'], o?: CallOptions) => this.act('os-terminate_connection', id, body, o);
  initializeConnection = (id: string, body: VolumeActionBodies['os-initialize_connection'], o?: CallOptions) => this.act('os-initialize_connection', id, body, o);
  updateReadonlyFlag = (id: string, body: VolumeActionBodies['os-update_readonly_flag'], o?: CallOptions) => this.act('os-update_readonly_flag', id, body, o);
  reimage = (id: string, body: VolumeActionBodies['os-reimage'], o?: CallOptions) => this.act('os-reimage', id, body, o);

  close() {
    return this.transport.close();
  }
}
