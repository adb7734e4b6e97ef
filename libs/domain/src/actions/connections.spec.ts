import { given } from '../testing/decider-specification';
import { attached, available, inStatus, NO_COMPUTE_OBJECTION, statusReset, VOLUME_ID } from '../testing/volume-fixtures';
import type { VolumeEvent } from '../volume-events';
import { connectionInfo, type VolumeConnectionInitialized } from './connections';

const connector = { host: 'node2', initiator: 'iqn.1994-05.com.redhat:d16cbb5d31e5' };
const initialize = (connector_error: string | null = null) => ({
  type: 'InitializeVolumeConnection' as const,
  volume_id: VOLUME_ID,
  data: { connector, connector_error },
});
const terminate = (facts = NO_COMPUTE_OBJECTION) => ({
  type: 'TerminateVolumeConnection' as const,
  volume_id: VOLUME_ID,
  data: { connector, ...facts },
});
const initialized = (access_mode: 'rw' | 'ro', encrypted = false): VolumeConnectionInitialized => ({
  type: 'VolumeConnectionInitialized',
  data: { connector, access_mode, encrypted },
});
const terminated: VolumeEvent = { type: 'VolumeConnectionTerminated', data: { connector } };

describe('os-initialize_connection', () => {
  describe('when available', () => {
    it('records the connection read-write, changing nothing in the volume', () => {
      given(...available()).when(initialize()).then([initialized('rw')]).leaving({ status: 'available', attachments: [] });
    });

    it('reads the access mode from the readonly flag before any os-attach', () => {
      given(...available(), { type: 'VolumeReadonlyFlagUpdated', data: { readonly: 'True' } })
        .when(initialize())
        .then([initialized('ro')]);
    });

    it('says whether the volume is encrypted', () => {
      given(...available({ encryption_key_id: 'key-1' })).when(initialize()).then([initialized('rw', true)]);
    });

    it("refuses a connector the backend rejects, with the backend's reason", () => {
      given(...available())
        .when(initialize("Connector doesn't have required information: initiator"))
        .thenThrows('invalid_input', "Connector doesn't have required information: initiator");
    });
  });

  describe('when in-use', () => {
    it('takes the access mode of the attachment', () => {
      given(...available(), attached('a1', { mode: 'ro' })).when(initialize()).then([initialized('ro')]);
    });
  });

  describe('when in maintenance', () => {
    it('refuses, before the connector', () => {
      given(...inStatus('maintenance'))
        .when(initialize('bad connector'))
        .thenThrows('invalid_volume', 'The volume connection cannot be initialized in maintenance mode.');
    });
  });

  describe('the answer', () => {
    it("is the backend's connection info with the volume's access mode, encrypted unless the driver said", () => {
      const backend = { driver_volume_type: 'iscsi', data: { target_lun: 0 } };
      expect(connectionInfo(backend, initialized('ro', true))).toEqual({
        driver_volume_type: 'iscsi',
        data: { target_lun: 0, access_mode: 'ro', encrypted: true },
      });
      expect(connectionInfo({ ...backend, data: { encrypted: false } }, initialized('rw', true)).data.encrypted).toBe(false);
    });
  });
});

describe('os-terminate_connection', () => {
  describe('when in-use', () => {
    it('records the connection torn down, the volume still in-use', () => {
      given(...available(), attached('a1')).when(terminate()).then([terminated]).leaving({ status: 'in-use' });
    });
  });

  describe('when attaching', () => {
    it('also unreserves', () => {
      given(...inStatus('attaching'))
        .when(terminate())
        .then([terminated, { type: 'VolumeUnreserved', data: { status: 'available' } }])
        .leaving({ status: 'available' });
    });
  });

  describe('when in maintenance', () => {
    it('terminates: there is no maintenance check here', () => {
      given(...inStatus('maintenance')).when(terminate()).then([terminated]);
    });
  });

  describe('when in-use with two attachments', () => {
    const twice = [...available({ multiattach: true }), attached('a1'), attached('a2')];

    it('refuses a user: the attachment is unknown', () => {
      given(...twice)
        .when(terminate())
        .thenThrows('conflict', 'ConflictNovaUsingAttachment: Detach volume from instance  using the Compute API');
    });

    it('lets a service through', () => {
      given(...twice, statusReset('in-use', { attach_status: 'attached' }))
        .when(terminate({ caller_is_service: true, attachments_in_use_by_compute: [] }))
        .then([terminated]);
    });
  });
});
