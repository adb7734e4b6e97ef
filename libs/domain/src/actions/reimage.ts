import { orList } from '../cinder-utils';
import { isPending } from '../guards';
import { badRequest, conflict, invalidInput, invalidVolume, notFound } from '../volume-errors';
import type { ExistingVolume, VolumeState } from '../volume-state';
import type { VolumeStatus } from '../volume-status';

const GiB = 1024 ** 3;

/** The image to write, as the image service shows it (a missing image is the handler's 404). */
export interface ReimageSource {
  id: string;
  status: string;
  /** Bytes. */
  size: number;
  /** Gigabytes. */
  min_disk: number;
  /**
   * A compute-service snapshot image (`block_device_mapping` with a `snapshot` source at boot
   * index 0): the size it records and whether its snapshot still exists.
   */
  boot_volume_snapshot?: { snapshot_id: string; volume_size: number; found: boolean };
}

/** os-reimage (microversion ≥ 3.68). */
export interface ReimageVolume {
  type: 'ReimageVolume';
  volume_id: string;
  data: { operation_id: string; image: ReimageSource; reimage_reserved: boolean };
}

/** `volume_image_metadata`: the image's properties, which replace the volume's image metadata. */
export interface CompleteVolumeReimage {
  type: 'CompleteVolumeReimage';
  volume_id: string;
  data: { operation_id: string; volume_image_metadata: Record<string, string> };
}

export interface FailVolumeReimage {
  type: 'FailVolumeReimage';
  volume_id: string;
  data: { operation_id: string; reason: string };
}

export type ReimageCommand = ReimageVolume | CompleteVolumeReimage | FailVolumeReimage;

export interface VolumeReimageRequested {
  type: 'VolumeReimageRequested';
  data: { operation_id: string; image_id: string; previous_status: VolumeStatus };
}

export interface VolumeReimaged {
  type: 'VolumeReimaged';
  data: {
    operation_id: string;
    image_id: string;
    status: VolumeStatus;
    bootable: boolean;
    volume_image_metadata: Record<string, string>;
  };
}

export interface VolumeReimageFailed {
  type: 'VolumeReimageFailed';
  data: { operation_id: string; reason: string; status: VolumeStatus; previous_status: VolumeStatus };
}

export type ReimageEvent = VolumeReimageRequested | VolumeReimaged | VolumeReimageFailed;

/**
 * cinder/volume/api.py `reimage`. The image is judged before the volume (newest Cinder looks it up
 * before the policy and status checks, so a bad image never changes the volume), then the
 * attachments, then the status.
 */
export function reimageVolume({ data }: ReimageVolume, volume: ExistingVolume): ReimageEvent[] {
  checkImage(data.image, volume.size);
  if (volume.attachments.length > 1) {
    throw conflict('Cannot re-image a volume which is attached to more than one server.');
  }
  const expected: VolumeStatus[] = data.reimage_reserved ? ['available', 'error', 'reserved'] : ['available', 'error'];
  if (!expected.includes(volume.status)) {
    throw invalidVolume(
      `Volume ${volume.id} status must be ${orList(expected)}, but current status is ${volume.status}.`,
    );
  }
  return [
    {
      type: 'VolumeReimageRequested',
      data: { operation_id: data.operation_id, image_id: data.image.id, previous_status: volume.status },
    },
  ];
}

/** cinder.volume.volume_utils.check_image_metadata, preceded by the boot-volume-snapshot checks. */
function checkImage(image: ReimageSource, volumeSize: number): void {
  const snapshot = image.boot_volume_snapshot;
  if (snapshot) {
    if (snapshot.volume_size > volumeSize) {
      throw badRequest(
        `Volume size must be greater than the image size. (Image: ${snapshot.volume_size}, Volume: ${volumeSize}).`,
      );
    }
    if (!snapshot.found) {
      throw notFound(`Nova specific image is found, but boot volume snapshot id:${snapshot.snapshot_id} not found.`);
    }
  }
  if (image.status !== 'active') throw invalidInput(`Image ${image.id} is not active.`);
  const imageGb = Math.ceil(image.size / GiB);
  if (imageGb > volumeSize) {
    throw invalidInput(`Size of specified image ${imageGb}GB is larger than volume size ${volumeSize}GB.`);
  }
  if (volumeSize < image.min_disk) {
    throw invalidInput(`Volume size ${volumeSize}GB cannot be smaller than the image minDisk size ${image.min_disk}GB.`);
  }
}

/** Back to previous_status: an `error` volume re-imaged successfully is still `error` (Cinder's quirk). */
export function completeVolumeReimage({ data }: CompleteVolumeReimage, state: VolumeState): ReimageEvent[] {
  if (!isPending(state, 'reimage', data.operation_id, 'downloading')) return [];
  return [
    {
      type: 'VolumeReimaged',
      data: {
        operation_id: data.operation_id,
        image_id: state.pending!.image_id!,
        status: state.previous_status!,
        bootable: true,
        volume_image_metadata: data.volume_image_metadata,
      },
    },
  ];
}

export function failVolumeReimage({ data }: FailVolumeReimage, state: VolumeState): ReimageEvent[] {
  if (!isPending(state, 'reimage', data.operation_id, 'downloading')) return [];
  return [{ type: 'VolumeReimageFailed', data: { ...data, status: 'error', previous_status: 'downloading' } }];
}

export function evolveReimage(state: ExistingVolume, event: ReimageEvent): ExistingVolume {
  switch (event.type) {
    case 'VolumeReimageRequested': {
      const { operation_id, image_id, previous_status } = event.data;
      return { ...state, status: 'downloading', previous_status, pending: { kind: 'reimage', operation_id, image_id } };
    }
    case 'VolumeReimaged': {
      const { status, bootable, volume_image_metadata } = event.data;
      return { ...state, status, bootable, volume_image_metadata, pending: null };
    }
    case 'VolumeReimageFailed':
      return { ...state, status: event.data.status, previous_status: event.data.previous_status, pending: null };
  }
}
