import { given } from '../testing/decider-specification';
import { attached, available, inStatus, statusReset, VOLUME_ID } from '../testing/volume-fixtures';

const command = <T extends 'ReserveVolume' | 'UnreserveVolume' | 'BeginDetachingVolume' | 'RollDetachingVolume'>(type: T) => ({
  type,
  volume_id: VOLUME_ID,
  data: {},
});
const CANNOT_BEGIN_DETACHING =
  "Unable to detach volume. Volume status must be 'in-use' and attach_status must be 'attached' to detach.";

describe('os-reserve', () => {
  describe('when available', () => {
    it('records the volume attaching', () => {
      given(...available())
        .when(command('ReserveVolume'))
        .then([{ type: 'VolumeReserved', data: { status: 'attaching' } }])
        .leaving({ status: 'attaching' });
    });
  });

  describe('when in-use', () => {
    it('refuses a volume that is not multiattach', () => {
      given(...available(), attached('a1'))
        .when(command('ReserveVolume'))
        .thenThrows('invalid_volume', 'Volume status must be available to reserve, but the status is in-use.');
    });

    it('reserves a multiattach volume', () => {
      given(...available({ multiattach: true }), attached('a1'))
        .when(command('ReserveVolume'))
        .then([{ type: 'VolumeReserved', data: { status: 'attaching' } }]);
    });
  });

  describe.each(['error', 'reserved', 'attaching', 'maintenance'] as const)('when %s', (status) => {
    it('refuses, naming what a multiattach volume could be', () => {
      given(...available({ multiattach: true }), statusReset(status))
        .when(command('ReserveVolume'))
        .thenThrows('invalid_volume', `Volume status must be available or in-use to reserve, but the status is ${status}.`);
    });
  });
});

describe('os-unreserve', () => {
  describe('when attaching without attachments', () => {
    it('records the volume available', () => {
      given(...available(), { type: 'VolumeReserved', data: { status: 'attaching' } })
        .when(command('UnreserveVolume'))
        .then([{ type: 'VolumeUnreserved', data: { status: 'available' } }])
        .leaving({ status: 'available' });
    });
  });

  describe('when attaching with an attachment', () => {
    it('records the volume in-use', () => {
      given(...available({ multiattach: true }), attached('a1'), { type: 'VolumeReserved', data: { status: 'attaching' } })
        .when(command('UnreserveVolume'))
        .then([{ type: 'VolumeUnreserved', data: { status: 'in-use' } }]);
    });
  });

  describe.each(['available', 'in-use', 'error'] as const)('when %s', (status) => {
    it('succeeds doing nothing', () => {
      given(...inStatus(status)).when(command('UnreserveVolume')).thenNothingHappened();
    });
  });
});

describe('os-begin_detaching', () => {
  describe('when in-use and attached', () => {
    it('records the volume detaching', () => {
      given(...available(), attached('a1'))
        .when(command('BeginDetachingVolume'))
        .then([{ type: 'VolumeDetachingBegun', data: { status: 'detaching' } }])
        .leaving({ status: 'detaching' });
    });

    it('goes ahead after a finished migration', () => {
      given(...available(), attached('a1'), statusReset('in-use', { attach_status: 'attached', migration_status: 'success' }))
        .when(command('BeginDetachingVolume'))
        .then([{ type: 'VolumeDetachingBegun', data: { status: 'detaching' } }]);
    });
  });

  describe('when in-use but not attached', () => {
    it('refuses', () => {
      given(...available(), attached('a1'), statusReset('in-use', { attach_status: 'detached' }))
        .when(command('BeginDetachingVolume'))
        .thenThrows('invalid_volume', CANNOT_BEGIN_DETACHING);
    });
  });

  describe.each(['available', 'detaching', 'attaching'] as const)('when %s', (status) => {
    it('refuses', () => {
      given(...inStatus(status, { attach_status: 'attached' })).when(command('BeginDetachingVolume')).thenThrows('invalid_volume', CANNOT_BEGIN_DETACHING);
    });
  });

  describe('when migrating', () => {
    it('hides the refusal from the user: success, nothing recorded', () => {
      given(...available(), attached('a1'), statusReset('in-use', { attach_status: 'attached', migration_status: 'migrating' }))
        .when(command('BeginDetachingVolume'))
        .thenNothingHappened();
      given(...inStatus('available', { migration_status: 'starting' })).when(command('BeginDetachingVolume')).thenNothingHappened();
    });
  });
});

describe('os-roll_detaching', () => {
  describe('when detaching', () => {
    it('records the volume in-use again', () => {
      given(...available(), attached('a1'), { type: 'VolumeDetachingBegun', data: { status: 'detaching' } })
        .when(command('RollDetachingVolume'))
        .then([{ type: 'VolumeDetachingRolledBack', data: { status: 'in-use' } }])
        .leaving({ status: 'in-use' });
    });
  });

  describe.each(['available', 'in-use', 'error'] as const)('when %s', (status) => {
    it('succeeds doing nothing', () => {
      given(...inStatus(status)).when(command('RollDetachingVolume')).thenNothingHappened();
    });
  });
});
