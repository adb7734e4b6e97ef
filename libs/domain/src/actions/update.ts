import { METADATA_LOCKED_STATUSES } from '../guards';
import { omitKeys } from '../records';
import { invalidVolume, notFound } from '../volume-errors';
import type { ExistingVolume } from '../volume-state';

/** PUT /volumes/{id}: what the request names changes, the rest stays. `metadata` replaces all keys. */
export interface UpdateVolume {
  type: 'UpdateVolume';
  volume_id: string;
  data: { name?: string | null; description?: string | null; metadata?: Record<string, string> };
}

/**
 * POST /volumes/{id}/metadata and PUT .../metadata/{key} merge (`replace: false`);
 * PUT .../metadata replaces every key (`replace: true`).
 */
export interface SetVolumeMetadata {
  type: 'SetVolumeMetadata';
  volume_id: string;
  data: { metadata: Record<string, string>; replace: boolean };
}

/** DELETE /volumes/{id}/metadata/{key} */
export interface DeleteVolumeMetadata {
  type: 'DeleteVolumeMetadata';
  volume_id: string;
  data: { key: string };
}

export type UpdateCommand = UpdateVolume | SetVolumeMetadata | DeleteVolumeMetadata;

/** The name, description and metadata the volume has afterwards. */
export interface VolumeUpdated {
  type: 'VolumeUpdated';
  data: { name: string | null; description: string | null; metadata: Record<string, string> };
}

/** All of the volume's metadata afterwards. */
export interface VolumeMetadataSet {
  type: 'VolumeMetadataSet';
  data: { metadata: Record<string, string> };
}

export interface VolumeMetadataDeleted {
  type: 'VolumeMetadataDeleted';
  data: { key: string };
}

export type UpdateEvent = VolumeUpdated | VolumeMetadataSet | VolumeMetadataDeleted;

/** cinder/volume/api.py `update`: only maintenance stops it (uploading does not, unlike metadata calls). */
export function updateVolume({ data }: UpdateVolume, volume: ExistingVolume): UpdateEvent[] {
  if (volume.status === 'maintenance') throw invalidVolume('The volume cannot be updated during maintenance.');
  return [
    {
      type: 'VolumeUpdated',
      data: {
        name: data.name === undefined ? volume.name : data.name,
        description: data.description === undefined ? volume.description : data.description,
        metadata: data.metadata ?? volume.metadata,
      },
    },
  ];
}

export function setVolumeMetadata({ data }: SetVolumeMetadata, volume: ExistingVolume): UpdateEvent[] {
  if (METADATA_LOCKED_STATUSES.includes(volume.status)) {
    throw invalidVolume(`Updating volume metadata is not allowed for volumes in ${volume.status} status.`);
  }
  const metadata = data.replace ? data.metadata : { ...volume.metadata, ...data.metadata };
  return [{ type: 'VolumeMetadataSet', data: { metadata } }];
}

/** The controller looks the key up (404) before the volume API checks the status. */
export function deleteVolumeMetadata({ data }: DeleteVolumeMetadata, volume: ExistingVolume): UpdateEvent[] {
  if (!Object.prototype.hasOwnProperty.call(volume.metadata, data.key)) throw notFound('Metadata item was not found');
  if (METADATA_LOCKED_STATUSES.includes(volume.status)) {
    throw invalidVolume(`Deleting volume metadata is not allowed for volumes in ${volume.status} status.`);
  }
  return [{ type: 'VolumeMetadataDeleted', data: { key: data.key } }];
}

export function evolveUpdate(state: ExistingVolume, event: UpdateEvent): ExistingVolume {
  switch (event.type) {
    case 'VolumeUpdated':
      return { ...state, ...event.data };
    case 'VolumeMetadataSet':
      return { ...state, metadata: event.data.metadata };
    case 'VolumeMetadataDeleted':
      return { ...state, metadata: omitKeys(state.metadata, event.data.key) };
  }
}
