import { orList } from '../cinder-utils';
import { isPending, statusByAttachments } from '../guards';
import { badRequest, invalidVolume } from '../volume-errors';
import type { ExistingVolume, VolumeState } from '../volume-state';
import type { VolumeStatus } from '../volume-status';

/**
 * os-volume_upload_image. The handler creates the image record in the image service (and
 * deletes it again when the upload is refused); `disk_format` and `container_format` arrive with
 * Cinder's defaults (`raw`, `bare`) filled in.
 */
export interface UploadVolumeToImage {
  type: 'UploadVolumeToImage';
  volume_id: string;
  data: {
    operation_id: string;
    image_id: string;
    image_name: string;
    disk_format: string;
    container_format: string;
    force: boolean;
    /** cinder.conf `enable_force_upload`: without it `force` is ignored. */
    enable_force_upload: boolean;
    /** cinder.conf `allow_compression_on_image_upload`. */
    allow_compression_on_image_upload: boolean;
  };
}

export interface CompleteVolumeUploadToImage {
  type: 'CompleteVolumeUploadToImage';
  volume_id: string;
  data: { operation_id: string };
}

export interface FailVolumeUploadToImage {
  type: 'FailVolumeUploadToImage';
  volume_id: string;
  data: { operation_id: string; reason: string };
}

export type UploadImageCommand = UploadVolumeToImage | CompleteVolumeUploadToImage | FailVolumeUploadToImage;

export interface VolumeUploadToImageRequested {
  type: 'VolumeUploadToImageRequested';
  data: {
    operation_id: string;
    image_id: string;
    image_name: string;
    disk_format: string;
    container_format: string;
    previous_status: VolumeStatus;
  };
}

export interface VolumeUploadedToImage {
  type: 'VolumeUploadedToImage';
  data: { operation_id: string; image_id: string; status: VolumeStatus };
}

export interface VolumeUploadToImageFailed {
  type: 'VolumeUploadToImageFailed';
  data: { operation_id: string; image_id: string; reason: string; status: VolumeStatus };
}

export type UploadImageEvent = VolumeUploadToImageRequested | VolumeUploadedToImage | VolumeUploadToImageFailed;

/** cinder/api/contrib/volume_actions.py `_volume_upload_image`, then volume/api.py `copy_volume_to_image`. */
export function uploadVolumeToImage({ data }: UploadVolumeToImage, volume: ExistingVolume): UploadImageEvent[] {
  if (volume.encryption_key_id !== null && (data.disk_format !== 'raw' || data.container_format !== 'bare')) {
    throw badRequest(
      "An encrypted volume uploaded as an image must use 'raw' disk_format and 'bare' container_format, " +
        'which are the defaults for these options.',
    );
  }
  const expected: VolumeStatus[] = data.force && data.enable_force_upload ? ['available', 'in-use'] : ['available'];
  if (!expected.includes(volume.status)) {
    throw invalidVolume(`Volume ${volume.id} status must be ${orList(expected)}`);
  }
  if (data.container_format === 'compressed' && !data.allow_compression_on_image_upload) {
    throw badRequest('Image compression upload disallowed, but container_format is compressed');
  }
  const { operation_id, image_id, image_name, disk_format, container_format } = data;
  return [
    {
      type: 'VolumeUploadToImageRequested',
      data: { operation_id, image_id, image_name, disk_format, container_format, previous_status: volume.status },
    },
  ];
}

/** Success or failure, Cinder recomputes the status from the attachments, not from previous_status. */
export function completeVolumeUploadToImage(
  { data }: CompleteVolumeUploadToImage,
  state: VolumeState,
): UploadImageEvent[] {
  if (!isPending(state, 'upload', data.operation_id, 'uploading')) return [];
  const image_id = state.pending!.image_id!;
  return [{ type: 'VolumeUploadedToImage', data: { ...data, image_id, status: statusByAttachments(state) } }];
}

export function failVolumeUploadToImage({ data }: FailVolumeUploadToImage, state: VolumeState): UploadImageEvent[] {
  if (!isPending(state, 'upload', data.operation_id, 'uploading')) return [];
  const image_id = state.pending!.image_id!;
  return [{ type: 'VolumeUploadToImageFailed', data: { ...data, image_id, status: statusByAttachments(state) } }];
}

export function evolveUploadImage(state: ExistingVolume, event: UploadImageEvent): ExistingVolume {
  switch (event.type) {
    case 'VolumeUploadToImageRequested': {
      const { operation_id, image_id, previous_status } = event.data;
      return {
        ...state,
        status: 'uploading',
        previous_status,
        pending: { kind: 'upload', operation_id, image_id },
      };
    }
    case 'VolumeUploadedToImage':
    case 'VolumeUploadToImageFailed':
      return { ...state, status: event.data.status, pending: null };
  }
}
