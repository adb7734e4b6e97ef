import { given } from '../testing/decider-specification';
import { attached, available, NO_COMPUTE_OBJECTION, statusReset, VOLUME_ID } from '../testing/volume-fixtures';
import type { VolumeEvent } from '../volume-events';

const connector = { initiator: 'iqn.2012-07.org.fake:01' };
const forceDetach = (attachment_id: string | null, facts = NO_COMPUTE_OBJECTION) => ({
  type: 'ForceDetachVolume' as const,
  volume_id: VOLUME_ID,
  data: { attachment_id, connector, ...facts },
});
const terminated: VolumeEvent = { type: 'VolumeConnectionTerminated', data: { connector } };
const UNKNOWN_ATTACHMENT = 'ConflictNovaUsingAttachment: Detach volume from instance  using the Compute API';

describe('os-force_detach', () => {
  describe('when detaching, stuck', () => {
    it('terminates the connection and detaches', () => {
      given(...available(), attached('a1'), { type: 'VolumeDetachingBegun', data: { status: 'detaching' } })
        .when(forceDetach('a1'))
        .then([terminated, { type: 'VolumeDetached', data: { attachment_id: 'a1', status: 'available', attach_status: 'detached' } }])
        .leaving({ status: 'available', attachments: [] });
    });
  });

  describe('when attaching, stuck, with an attachment', () => {
    it('unreserves to in-use, then detaches to available', () => {
      given(...available(), attached('a1'), statusReset('attaching', { attach_status: 'attached' }))
        .when(forceDetach('a1'))
        .then([
          terminated,
          { type: 'VolumeUnreserved', data: { status: 'in-use' } },
          { type: 'VolumeDetached', data: { attachment_id: 'a1', status: 'available', attach_status: 'detached' } },
        ]);
    });

    it('records nothing when the detach half is refused (Cinder would keep the unreserve)', () => {
      given(...available(), attached('a1'), statusReset('attaching', { attach_status: 'attached' }))
        .when(forceDetach('zzz'))
        .thenThrows('conflict', UNKNOWN_ATTACHMENT);
    });
  });

  describe('when in-use with two attachments', () => {
    const twice = [...available({ multiattach: true }), attached('a1'), attached('a2')];

    it("refuses a user at terminate_connection's guard, even naming the attachment", () => {
      given(...twice).when(forceDetach('a1')).thenThrows('conflict', UNKNOWN_ATTACHMENT);
    });

    it('detaches the named one for a service', () => {
      given(...twice)
        .when(forceDetach('a1', { caller_is_service: true, attachments_in_use_by_compute: [] }))
        .then([terminated, { type: 'VolumeDetached', data: { attachment_id: 'a1', status: 'in-use', attach_status: 'attached' } }]);
    });
  });

  describe('when in maintenance', () => {
    it('refuses at the detach half', () => {
      given(...available(), attached('a1'), statusReset('maintenance', { attach_status: 'attached' }))
        .when(forceDetach('a1'))
        .thenThrows('invalid_volume', 'The volume cannot be detached in maintenance mode.');
    });
  });

  describe('when available without attachments', () => {
    it('still records available and detached', () => {
      given(...available())
        .when(forceDetach(null))
        .then([terminated, { type: 'VolumeDetached', data: { attachment_id: null, status: 'available', attach_status: 'detached' } }]);
    });
  });
});
