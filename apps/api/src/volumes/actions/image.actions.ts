import { randomUUID } from 'node:crypto';
import { CinderFault, toBool } from '@app/cinder-api';
import { presentVolumeType } from '../../types/volume-type-presenter';
import { ACCEPTED, type VolumeAction } from './volume-action';

/**
 * §1.2.17: the image record is created first (queued) and removed again if the volume refuses;
 * 202 with Cinder's `os-volume_upload_image` body.
 */
export const uploadImage: VolumeAction = {
  name: 'os-volume_upload_image',
  async run(call, s) {
    const volume = await s.find(call);
    s.authorize(call, 'volume_extension:volume_actions:upload_image', volume);
    const value = call.value;
    const withVisibility = call.origin.version.atLeast('3.1');
    const visibility = withVisibility ? (value.visibility ?? 'private') : 'private';
    const isProtected = withVisibility ? toBool(value.protected ?? false) : false;
    if (visibility === 'public') s.authorize(call, 'volume_extension:volume_actions:upload_public', volume);
    const diskFormat = value.disk_format ?? 'raw';
    const containerFormat = value.container_format ?? 'bare';
    const image = await s.images.create({
      id: randomUUID(),
      name: value.image_name,
      disk_format: diskFormat,
      container_format: containerFormat,
      visibility,
      protected: isProtected,
    });
    let outcome;
    try {
      outcome = await s.execute(call, {
        type: 'UploadVolumeToImage',
        data: {
          operation_id: s.operationId(),
          image_id: image.id,
          image_name: image.name,
          disk_format: diskFormat,
          container_format: containerFormat,
          force: toBool(value.force ?? false),
          enable_force_upload: s.config.enableForceUpload,
          allow_compression_on_image_upload: s.config.allowCompressionOnImageUpload,
        },
      });
    } catch (error) {
      await s.images.delete(image.id);
      throw error;
    }
    const type = await s.typeOf(volume);
    return {
      status: 202,
      body: {
        'os-volume_upload_image': {
          id: volume.id,
          updated_at: s.now(),
          status: outcome.state.exists ? outcome.state.status : 'uploading',
          display_description: volume.description,
          size: volume.size,
          volume_type: type ? { ...presentVolumeType(type, true), deleted: false } : null,
          image_id: image.id,
          container_format: containerFormat,
          disk_format: diskFormat,
          image_name: image.name,
          ...(withVisibility ? { protected: isProtected, visibility } : {}),
        },
      },
    };
  },
};

/**
 * §1.2.25 (≥ 3.68), Correction 6: the image is looked up before the policy and status checks,
 * so a missing image is a 404 that changes nothing.
 */
export const reimage: VolumeAction = {
  name: 'os-reimage',
  minVersion: '3.68',
  async run(call, s) {
    const volume = await s.find(call);
    const image = await s.images.get(String(call.value.image_id));
    if (!image) throw new CinderFault(404, `Image ${call.value.image_id} could not be found.`);
    s.authorize(call, volume.status === 'reserved' ? 'volume:reimage_reserved' : 'volume:reimage', volume);
    await s.execute(call, {
      type: 'ReimageVolume',
      data: {
        operation_id: s.operationId(),
        reimage_reserved: toBool(call.value.reimage_reserved ?? false),
        image: { id: image.id, status: image.status, size: image.size ?? 0, min_disk: image.min_disk },
      },
    });
    return ACCEPTED;
  },
};
