import { invalidHost, invalidInput, invalidVolume } from '../volume-errors';
import type { ExistingVolume, Placement, VolumeState } from '../volume-state';
import { isMigrating, type VolumeStatus } from '../volume-status';

/** os-migrate_volume (admin). */
export interface MigrateVolume {
  type: 'MigrateVolume';
  volume_id: string;
  data: {
    operation_id: string;
    host: string | null;
    cluster: string | null;
    force_host_copy: boolean;
    lock_volume: boolean;
    /** Microversion ≥ 3.16: a cluster may be named instead of a host. */
    allow_cluster: boolean;
    /**
     * The up and enabled volume service whose backend matches the requested host or cluster, as
     * the handler found it; null when there is none.
     */
    destination_service: { cluster_name: string | null } | null;
  };
}

export interface CompleteVolumeMigration {
  type: 'CompleteVolumeMigration';
  volume_id: string;
  data: Placement & { operation_id: string };
}

export interface FailVolumeMigration {
  type: 'FailVolumeMigration';
  volume_id: string;
  data: { operation_id: string; reason: string };
}

export type MigrateCommand = MigrateVolume | CompleteVolumeMigration | FailVolumeMigration;

/** `cluster_name`: the destination service's cluster, used instead of the host when it has one. */
export interface VolumeMigrationRequested {
  type: 'VolumeMigrationRequested';
  data: {
    operation_id: string;
    host: string | null;
    cluster_name: string | null;
    force_host_copy: boolean;
    previous_status: VolumeStatus;
    status: VolumeStatus;
    migration_status: string;
  };
}

export interface VolumeMigrated {
  type: 'VolumeMigrated';
  data: Placement & { operation_id: string; status: VolumeStatus; migration_status: string };
}

export interface VolumeMigrationFailed {
  type: 'VolumeMigrationFailed';
  data: { operation_id: string; reason: string; status: VolumeStatus; migration_status: string };
}

export type MigrateEvent = VolumeMigrationRequested | VolumeMigrated | VolumeMigrationFailed;

/** Replication states that do not stop a migration. */
const MIGRATABLE_REPLICATION_STATUSES: readonly (string | null)[] = [null, 'disabled', 'not-capable'];

/** cinder/api/contrib/admin_actions.py `_migrate_volume`, then volume/api.py `migrate_volume`. */
export function migrateVolume({ data }: MigrateVolume, volume: ExistingVolume): MigrateEvent[] {
  const cluster = data.allow_cluster ? data.cluster : null;
  if (Boolean(cluster) === Boolean(data.host)) {
    throw invalidInput(data.allow_cluster ? 'One and only one of cluster and host must be set.' : 'Host field is missing.');
  }
  if (!data.destination_service) throw invalidHost(`No available service named '${cluster || data.host}'`);
  // A host that belongs to a cluster is migrated to as that cluster.
  const clusterName = data.destination_service.cluster_name;
  const elsewhere = clusterName ? volume.cluster_name !== clusterName : volume.host !== data.host;
  const migratable =
    (volume.status === 'available' || volume.status === 'in-use') &&
    !isMigrating(volume.migration_status) &&
    MIGRATABLE_REPLICATION_STATUSES.includes(volume.replication_status) &&
    !volume.group_id &&
    !volume.consistencygroup_id &&
    elsewhere &&
    volume.snapshots.length === 0;
  if (!migratable) {
    throw invalidVolume(
      `Volume ${volume.id} status must be available or in-use, must not be migrating, have snapshots, be ` +
        'replicated, be part of a group and destination host/cluster must be different than the current one',
    );
  }
  return [
    {
      type: 'VolumeMigrationRequested',
      data: {
        operation_id: data.operation_id,
        host: data.host,
        cluster_name: clusterName,
        force_host_copy: data.force_host_copy,
        previous_status: volume.status,
        // Locking shows an available volume as under maintenance; an in-use one stays in-use.
        status: data.lock_volume && volume.status === 'available' ? 'maintenance' : volume.status,
        migration_status: 'starting',
      },
    },
  ];
}

export function completeVolumeMigration({ data }: CompleteVolumeMigration, state: VolumeState): MigrateEvent[] {
  if (!isMigrationPending(state, data.operation_id)) return [];
  return [
    {
      type: 'VolumeMigrated',
      data: { ...data, status: unlockedStatus(state), migration_status: 'success' },
    },
  ];
}

export function failVolumeMigration({ data }: FailVolumeMigration, state: VolumeState): MigrateEvent[] {
  if (!isMigrationPending(state, data.operation_id)) return [];
  return [{ type: 'VolumeMigrationFailed', data: { ...data, status: unlockedStatus(state), migration_status: 'error' } }];
}

/** A late or repeated result, or one after os-reset_status cleared the migration, changes nothing. */
export const isMigrationPending = (state: VolumeState, operationId: string): state is ExistingVolume =>
  state.exists && !state.deleted && state.migration?.operation_id === operationId && isMigrating(state.migration_status);

/**
 * cinder/volume/manager.py `migrate_volume`: only a status the migration itself set (`maintenance`,
 * or `retyping`) goes back to previous_status; an attach or detach meanwhile keeps its status.
 */
const unlockedStatus = (volume: ExistingVolume): VolumeStatus =>
  (volume.status === 'maintenance' || volume.status === 'retyping') && volume.previous_status
    ? volume.previous_status
    : volume.status;

export function evolveMigrate(state: ExistingVolume, event: MigrateEvent): ExistingVolume {
  switch (event.type) {
    case 'VolumeMigrationRequested': {
      const { operation_id, host, cluster_name, previous_status, status, migration_status } = event.data;
      return {
        ...state,
        previous_status,
        status,
        migration_status,
        migration: { operation_id, host, cluster_name },
      };
    }
    case 'VolumeMigrated': {
      const { host, cluster_name, provider_location, status, migration_status } = event.data;
      return { ...state, host, cluster_name, provider_location, status, migration_status, migration: null };
    }
    case 'VolumeMigrationFailed':
      return { ...state, status: event.data.status, migration_status: event.data.migration_status, migration: null };
  }
}
