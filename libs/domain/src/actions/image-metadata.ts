import { METADATA_LOCKED_STATUSES } from '../guards';
import { omitKeys } from '../records';
import { invalidVolume, notFound } from '../volume-errors';
import type { ExistingVolume } from '../volume-state';

/** os-set_image_metadata: add or overwrite keys, never removing others. */
export interface SetVolumeImageMetadata {
  type: 'SetVolumeImageMetadata';
  volume_id: string;
  data: { metadata: Record<string, string> };
}

/** os-unset_image_metadata */
export interface UnsetVolumeImageMetadata {
  type: 'UnsetVolumeImageMetadata';
  volume_id: string;
  data: { key: string };
}

export type ImageMetadataCommand = SetVolumeImageMetadata | UnsetVolumeImageMetadata;

export interface VolumeImageMetadataSet {
  type: 'VolumeImageMetadataSet';
  /** All of the volume's image metadata afterwards (what os-set_image_metadata answers). */
  data: { metadata: Record<string, string> };
}

export interface VolumeImageMetadataUnset {
  type: 'VolumeImageMetadataUnset';
  data: { key: string };
}

export type ImageMetadataEvent = VolumeImageMetadataSet | VolumeImageMetadataUnset;

export function setVolumeImageMetadata({ data }: SetVolumeImageMetadata, volume: ExistingVolume): ImageMetadataEvent[] {
  if (METADATA_LOCKED_STATUSES.includes(volume.status)) {
    throw invalidVolume(`Updating volume metadata is not allowed for volumes in ${volume.status} status.`);
  }
  return [{ type: 'VolumeImageMetadataSet', data: { metadata: { ...volume.volume_image_metadata, ...data.metadata } } }];
}

/** The key must exist before the status matters (the 404 comes from the lookup, before the update). */
export function unsetVolumeImageMetadata({ data }: UnsetVolumeImageMetadata, volume: ExistingVolume): ImageMetadataEvent[] {
  if (!Object.prototype.hasOwnProperty.call(volume.volume_image_metadata, data.key)) throw glanceMetadataNotFound(volume);
  if (METADATA_LOCKED_STATUSES.includes(volume.status)) {
    throw invalidVolume(`Deleting volume metadata is not allowed for volumes in ${volume.status} status.`);
  }
  return [{ type: 'VolumeImageMetadataUnset', data: { key: data.key } }];
}

/** os-show_image_metadata, a query: a volume with no image metadata is a 404, not `{}`. */
export function showVolumeImageMetadata(volume: ExistingVolume): Record<string, string> {
  if (Object.keys(volume.volume_image_metadata).length === 0) throw glanceMetadataNotFound(volume);
  return volume.volume_image_metadata;
}

const glanceMetadataNotFound = (volume: ExistingVolume) =>
  notFound(`Glance metadata for volume/snapshot ${volume.id} cannot be found.`);

export function evolveImageMetadata(state: ExistingVolume, event: ImageMetadataEvent): ExistingVolume {
  switch (event.type) {
    case 'VolumeImageMetadataSet':
      return { ...state, volume_image_metadata: event.data.metadata };
    case 'VolumeImageMetadataUnset':
      return { ...state, volume_image_metadata: omitKeys(state.volume_image_metadata, event.data.key) };
  }
}
