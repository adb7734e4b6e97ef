import { given } from '../testing/decider-specification';
import { attached, available, HOST, snapshotTaken, statusReset, VOLUME_ID } from '../testing/volume-fixtures';
import type { VolumeEvent } from '../volume-events';
import type { MigrateVolume } from './migrate';

const migrate = (overrides: Partial<MigrateVolume['data']> = {}): MigrateVolume => ({
  type: 'MigrateVolume',
  volume_id: VOLUME_ID,
  data: {
    operation_id: 'op-migrate',
    host: 'node1@lvm',
    cluster: null,
    force_host_copy: false,
    lock_volume: false,
    allow_cluster: true,
    destination_service: { cluster_name: null },
    ...overrides,
  },
});
const requested = (overrides: Partial<Extract<VolumeEvent, { type: 'VolumeMigrationRequested' }>['data']> = {}): VolumeEvent => ({
  type: 'VolumeMigrationRequested',
  data: {
    operation_id: 'op-migrate',
    host: 'node1@lvm',
    cluster_name: null,
    force_host_copy: false,
    previous_status: 'available',
    status: 'available',
    migration_status: 'starting',
    ...overrides,
  },
});
const there = { host: 'node1@lvm#pool', cluster_name: null, provider_location: '/lvm/v' };
const complete = (operation_id = 'op-migrate') => ({
  type: 'CompleteVolumeMigration' as const,
  volume_id: VOLUME_ID,
  data: { operation_id, ...there },
});
const fail = () => ({
  type: 'FailVolumeMigration' as const,
  volume_id: VOLUME_ID,
  data: { operation_id: 'op-migrate', reason: 'No valid backend' },
});
const CANNOT_MIGRATE =
  `Volume ${VOLUME_ID} status must be available or in-use, must not be migrating, have snapshots, be replicated, ` +
  'be part of a group and destination host/cluster must be different than the current one';

describe('os-migrate_volume', () => {
  describe('when available', () => {
    it('records the migration starting, remembering the status', () => {
      given(...available())
        .when(migrate())
        .then([requested()])
        .leaving({
          status: 'available',
          previous_status: 'available',
          migration_status: 'starting',
          migration: { operation_id: 'op-migrate', host: 'node1@lvm', cluster_name: null },
        });
    });

    it('locks the volume as maintenance when asked', () => {
      given(...available()).when(migrate({ lock_volume: true })).then([requested({ status: 'maintenance' })]);
    });

    it('migrates to the cluster of the host named', () => {
      given(...available())
        .when(migrate({ destination_service: { cluster_name: 'c1@lvm' } }))
        .then([requested({ cluster_name: 'c1@lvm' })]);
    });

    it('migrates to a cluster at 3.16 and later', () => {
      given(...available())
        .when(migrate({ host: null, cluster: 'c1@lvm', destination_service: { cluster_name: 'c1@lvm' } }))
        .then([requested({ host: null, cluster_name: 'c1@lvm' })]);
    });

    it('refuses both or neither of host and cluster', () => {
      const ONE = 'One and only one of cluster and host must be set.';
      given(...available()).when(migrate({ cluster: 'c1' })).thenThrows('invalid_input', ONE);
      given(...available()).when(migrate({ host: null })).thenThrows('invalid_input', ONE);
      given(...available()).when(migrate({ host: '' })).thenThrows('invalid_input', ONE);
    });

    it('asks for the host below 3.16', () => {
      given(...available()).when(migrate({ host: '', allow_cluster: false })).thenThrows('invalid_input', 'Host field is missing.');
    });

    it('refuses a destination with no up and enabled service, before the volume checks', () => {
      given(...available(), ...snapshotTaken('s1'))
        .when(migrate({ destination_service: null }))
        .thenThrows('invalid_host', "No available service named 'node1@lvm'");
      given(...available())
        .when(migrate({ host: null, cluster: 'c9', destination_service: null }))
        .thenThrows('invalid_host', "No available service named 'c9'");
    });

    it('refuses its own host', () => {
      given(...available()).when(migrate({ host: HOST })).thenThrows('invalid_volume', CANNOT_MIGRATE);
    });

    it('refuses its own cluster', () => {
      given(...available({ cluster_name: 'c1@lvm' }))
        .when(migrate({ destination_service: { cluster_name: 'c1@lvm' } }))
        .thenThrows('invalid_volume', CANNOT_MIGRATE);
    });

    it('refuses a volume with snapshots, replicated, or in a group', () => {
      given(...available(), ...snapshotTaken('s1')).when(migrate()).thenThrows('invalid_volume', CANNOT_MIGRATE);
      given(...available({ replication_status: 'enabled' })).when(migrate()).thenThrows('invalid_volume', CANNOT_MIGRATE);
      given(...available({ group_id: 'g1' })).when(migrate()).thenThrows('invalid_volume', CANNOT_MIGRATE);
    });

    it('migrates a volume whose replication is disabled or not capable', () => {
      given(...available({ replication_status: 'not-capable' })).when(migrate()).then([requested()]);
    });
  });

  describe('when in-use', () => {
    it('migrates, staying in-use even when locked', () => {
      given(...available(), attached('a1'))
        .when(migrate({ lock_volume: true }))
        .then([requested({ previous_status: 'in-use', status: 'in-use' })]);
    });
  });

  describe.each(['error', 'maintenance', 'extending'] as const)('when %s', (status) => {
    it('refuses', () => {
      given(...available(), statusReset(status)).when(migrate()).thenThrows('invalid_volume', CANNOT_MIGRATE);
    });
  });

  describe('when migrating', () => {
    const migrating = [...available(), requested({ status: 'maintenance' })];

    it('refuses a second migration', () => {
      given(...available(), requested()).when(migrate({ host: 'node2@lvm' })).thenThrows('invalid_volume', CANNOT_MIGRATE);
    });

    it('records success: moved, unlocked, migration_status success', () => {
      given(...migrating)
        .when(complete())
        .then([{ type: 'VolumeMigrated', data: { operation_id: 'op-migrate', ...there, status: 'available', migration_status: 'success' } }])
        .leaving({ host: 'node1@lvm#pool', status: 'available', migration_status: 'success', migration: null });
    });

    it('records failure: unlocked, migration_status error, where it was', () => {
      given(...migrating)
        .when(fail())
        .then([
          {
            type: 'VolumeMigrationFailed',
            data: { operation_id: 'op-migrate', reason: 'No valid backend', status: 'available', migration_status: 'error' },
          },
        ])
        .leaving({ host: HOST, status: 'available', migration_status: 'error', migration: null });
    });

    it('keeps a status an attach set meanwhile', () => {
      given(...available(), requested(), attached('a1'))
        .when(complete())
        .then([{ type: 'VolumeMigrated', data: { operation_id: 'op-migrate', ...there, status: 'in-use', migration_status: 'success' } }]);
    });

    it('ignores a result for another operation', () => {
      given(...migrating).when(complete('other')).thenNothingHappened();
    });
  });

  describe('when migrated already, or reset out of migrating', () => {
    it('ignores the completion', () => {
      const done: VolumeEvent = {
        type: 'VolumeMigrated',
        data: { operation_id: 'op-migrate', ...there, status: 'available', migration_status: 'success' },
      };
      given(...available(), requested(), done).when(complete()).thenNothingHappened();
      given(...available(), requested(), statusReset('available', { migration_status: null })).when(complete()).thenNothingHappened();
    });
  });
});
