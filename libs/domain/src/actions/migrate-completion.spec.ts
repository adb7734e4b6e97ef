import { given } from '../testing/decider-specification';
import { attached, available, HOST, NO_COMPUTE_OBJECTION, statusReset, VOLUME_ID } from '../testing/volume-fixtures';
import type { VolumeEvent } from '../volume-events';

const NEW_ID = '2b955850-f177-45f7-9f49-ecb2c256d161';
const newVolume = (migration_status: string | null) => ({
  id: NEW_ID,
  migration_status,
  host: 'node1@lvm#pool',
  cluster_name: null,
  provider_location: '/lvm/new',
});
const completion = (migration_status: string | null, error?: string | boolean | null, facts = NO_COMPUTE_OBJECTION) => ({
  type: 'MigrateVolumeCompletion' as const,
  volume_id: VOLUME_ID,
  data: { new_volume: newVolume(migration_status), ...(error === undefined ? {} : { error }), ...facts },
});
const migrating: VolumeEvent[] = [
  ...available(),
  attached('a1'),
  {
    type: 'VolumeMigrationRequested',
    data: {
      operation_id: 'op-migrate',
      host: 'node1@lvm',
      cluster_name: null,
      force_host_copy: false,
      previous_status: 'in-use',
      status: 'in-use',
      migration_status: 'starting',
    },
  },
  statusReset('in-use', { attach_status: 'attached', migration_status: 'migrating' }),
];
const TARGET = `target:${VOLUME_ID}`;

describe('os-migrate_volume_completion', () => {
  describe('when migrating', () => {
    it('records success: the volume keeps its id and takes the new volume\'s place', () => {
      given(...migrating)
        .when(completion(TARGET, false))
        .then([
          {
            type: 'VolumeMigrationCompleted',
            data: {
              new_volume_id: NEW_ID,
              error: false,
              host: 'node1@lvm#pool',
              cluster_name: null,
              provider_location: '/lvm/new',
              status: 'in-use',
              migration_status: 'success',
            },
          },
        ])
        .leaving({ host: 'node1@lvm#pool', provider_location: '/lvm/new', migration_status: 'success', migration: null });
    });

    it('records an error for any non-empty string, staying where it was', () => {
      given(...migrating)
        .when(completion(TARGET, 'false'))
        .then([
          {
            type: 'VolumeMigrationCompleted',
            data: {
              new_volume_id: NEW_ID,
              error: true,
              host: HOST,
              cluster_name: null,
              provider_location: '/data/volume-1',
              status: 'in-use',
              migration_status: 'error',
            },
          },
        ])
        .leaving({ host: HOST, migration_status: 'error' });
    });

    it('refuses a destination that is not mid-migration', () => {
      given(...migrating).when(completion(null)).thenThrows('invalid_volume', 'Destination volume not mid-migration.');
    });

    it('refuses a destination migrating for another volume', () => {
      given(...migrating)
        .when(completion('target:other'))
        .thenThrows('invalid_volume', `Destination has migration_status target:other, expected ${TARGET}.`);
    });
  });

  describe('when not migrating, but the destination is', () => {
    it('refuses', () => {
      given(...available()).when(completion(TARGET)).thenThrows('invalid_volume', 'Source volume not mid-migration.');
    });
  });

  describe('when neither volume is migrating (a compute-service swap)', () => {
    it("detaches the source's attachments, for the handler to attach them to the new volume", () => {
      given(...available({ multiattach: true }), attached('a1'), attached('a2'))
        .when(completion(null, false))
        .then([
          { type: 'VolumeDetached', data: { attachment_id: 'a1', status: 'in-use', attach_status: 'attached' } },
          { type: 'VolumeDetached', data: { attachment_id: 'a2', status: 'available', attach_status: 'detached' } },
        ])
        .leaving({ status: 'available', attachments: [] });
    });

    it('does nothing with an error', () => {
      given(...available(), attached('a1')).when(completion(null, true)).thenNothingHappened();
    });

    it('refuses to detach in maintenance', () => {
      given(...available(), attached('a1'), statusReset('maintenance', { attach_status: 'attached' }))
        .when(completion(null))
        .thenThrows('invalid_volume', 'The volume cannot be detached in maintenance mode.');
    });
  });
});
