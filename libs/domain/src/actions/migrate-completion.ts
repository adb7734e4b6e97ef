import type { AttachmentDeletionFacts } from '../attachment-deletion-guard';
import { pythonTruthy } from '../cinder-utils';
import { invalidVolume } from '../volume-errors';
import type { ExistingVolume, Placement } from '../volume-state';
import type { VolumeStatus } from '../volume-status';
import { detach, evolveAttachDetach, type VolumeDetached } from './attach-detach';

/**
 * os-migrate_volume_completion (admin; synchronous): the compute service swapped a server's disk
 * from this volume to `new_volume`, which the handler looked up (404 when it does not exist).
 */
export interface MigrateVolumeCompletion {
  type: 'MigrateVolumeCompletion';
  volume_id: string;
  data: AttachmentDeletionFacts & {
    new_volume: Placement & { id: string; migration_status: string | null };
    /** As sent: Cinder reads it with Python truthiness. */
    error?: string | boolean | null;
  };
}

/**
 * The migration ended: on success the volume keeps its id but now lives where the new volume was
 * (Cinder swaps the two database records); on error it stays where it was.
 */
export interface VolumeMigrationCompleted {
  type: 'VolumeMigrationCompleted';
  data: Placement & { new_volume_id: string; error: boolean; status: VolumeStatus; migration_status: string };
}

/**
 * cinder/volume/api.py `migrate_volume_completion`. When neither volume is migrating the compute
 * service swapped two unrelated volumes: the source's attachments are detached (and the handler
 * attaches them to the new volume, whose id is the answer); with an error nothing happens.
 */
export function migrateVolumeCompletion(
  { data }: MigrateVolumeCompletion,
  volume: ExistingVolume,
): (VolumeMigrationCompleted | VolumeDetached)[] {
  const error = pythonTruthy(data.error);
  const { new_volume } = data;
  if (!volume.migration_status && !new_volume.migration_status) {
    return error ? [] : detachAll(volume, data);
  }
  if (!volume.migration_status) throw invalidVolume('Source volume not mid-migration.');
  if (!new_volume.migration_status) throw invalidVolume('Destination volume not mid-migration.');
  const expected = `target:${volume.id}`;
  if (new_volume.migration_status !== expected) {
    throw invalidVolume(`Destination has migration_status ${new_volume.migration_status}, expected ${expected}.`);
  }
  const placement: Placement = error
    ? { host: volume.host!, cluster_name: volume.cluster_name, provider_location: volume.provider_location }
    : { host: new_volume.host, cluster_name: new_volume.cluster_name, provider_location: new_volume.provider_location };
  return [
    {
      type: 'VolumeMigrationCompleted',
      data: {
        new_volume_id: new_volume.id,
        error,
        ...placement,
        status: volume.previous_status ?? volume.status,
        migration_status: error ? 'error' : 'success',
      },
    },
  ];
}

function detachAll(volume: ExistingVolume, facts: AttachmentDeletionFacts): VolumeDetached[] {
  const events: VolumeDetached[] = [];
  let current = volume;
  for (const attachment of volume.attachments) {
    const detached = detach(current, attachment.id, facts);
    events.push(detached);
    current = evolveAttachDetach(current, detached);
  }
  return events;
}

export function evolveMigrateCompletion(state: ExistingVolume, { data }: VolumeMigrationCompleted): ExistingVolume {
  const { host, cluster_name, provider_location, status, migration_status } = data;
  return { ...state, host, cluster_name, provider_location, status, migration_status, migration: null };
}
