import { given } from '../testing/decider-specification';
import {
  attached,
  available,
  CREATE_OP,
  createRequested,
  inStatus,
  NOW,
  snapshotTaken,
  statusReset,
  VOLUME_ID,
} from '../testing/volume-fixtures';
import type { VolumeEvent } from '../volume-events';

const unmanage = () => ({ type: 'UnmanageVolume' as const, volume_id: VOLUME_ID, data: { operation_id: 'op-del', now: NOW } });
const del = ({ cascade = false, force = false, backend_frozen = false } = {}) => ({
  type: 'DeleteVolume' as const,
  volume_id: VOLUME_ID,
  data: { operation_id: 'op-del', now: NOW, cascade, force, backend_frozen },
});
const forceDelete = (backend_frozen = false) => ({
  type: 'ForceDeleteVolume' as const,
  volume_id: VOLUME_ID,
  data: { operation_id: 'op-del', now: NOW, backend_frozen },
});
const result = <T extends 'CompleteVolumeUnmanage' | 'CompleteVolumeDelete'>(type: T, operation_id = 'op-del') => ({
  type,
  volume_id: VOLUME_ID,
  data: { operation_id },
});
const deleteRequested = (status: 'deleting' | 'error_managing_deleting' = 'deleting', deleting_snapshot_ids: string[] = []): VolumeEvent => ({
  type: 'VolumeDeleteRequested',
  data: { operation_id: 'op-del', status, terminated_at: NOW, deleting_snapshot_ids },
});
const forceDeleteRequested = (status: 'deleting' | 'error_managing_deleting' = 'deleting'): VolumeEvent => ({
  type: 'VolumeForceDeleteRequested',
  data: { operation_id: 'op-del', status, terminated_at: NOW, deleting_snapshot_ids: [] },
});
const unmanageRequested = (status: 'unmanaging' | 'error_managing_deleting' = 'unmanaging'): VolumeEvent => ({
  type: 'VolumeUnmanageRequested',
  data: { operation_id: 'op-del', status, terminated_at: NOW },
});
const MUST_BE =
  'Volume status must be available or error or error_restoring or error_extending or error_managing and must not ' +
  'be migrating, attached, belong to a group, have snapshots, awaiting a transfer, or be disassociated from ' +
  'snapshots after volume transfer.';
const FORCED_MUST_BE =
  'Volume  must not be migrating, attached, belong to a group, have snapshots, awaiting a transfer, or be ' +
  'disassociated from snapshots after volume transfer.';
const FROZEN = 'Modification operations are not allowed on frozen storage backends.';
const gone = { deleted: true, pending: null };
/** Cinder's volume whose scheduling failed: no host. (This engine picks the host at create.) */
const unplaced = (overrides = {}): VolumeEvent[] => [
  createRequested({ host: null as never, ...overrides }),
  { type: 'VolumeCreateFailed', data: { operation_id: CREATE_OP, reason: 'No valid backend was found.' } },
];

describe('os-unmanage', () => {
  describe.each(['available', 'error', 'error_restoring', 'error_extending'] as const)('when %s', (status) => {
    it('records the unmanage, with the time it was asked', () => {
      given(...inStatus(status))
        .when(unmanage())
        .then([unmanageRequested()])
        .leaving({ status: 'unmanaging', terminated_at: NOW, pending: { kind: 'unmanage', operation_id: 'op-del' } });
    });
  });

  describe('when error_managing', () => {
    it('records error_managing_deleting', () => {
      given(...inStatus('error_managing')).when(unmanage()).then([unmanageRequested('error_managing_deleting')]);
    });
  });

  describe('when available', () => {
    it('refuses an encrypted volume with the base exception text', () => {
      given(...available({ encryption_key_id: 'k1' }), ...snapshotTaken('s1')).when(unmanage()).thenThrows('bad_request', 'Unacceptable parameters.');
    });

    it('refuses a volume with snapshots, of any status', () => {
      given(...available(), ...snapshotTaken('s1', { created: false })).when(unmanage()).thenThrows('invalid_volume', MUST_BE);
    });

    it('refuses a volume in a group', () => {
      given(...available({ group_id: 'g1' })).when(unmanage()).thenThrows('invalid_volume', MUST_BE);
    });

    it('refuses a migrating volume', () => {
      given(...inStatus('available', { migration_status: 'migrating' })).when(unmanage()).thenThrows('invalid_volume', MUST_BE);
    });

    it('unmanages after a finished migration', () => {
      given(...inStatus('available', { migration_status: 'success' })).when(unmanage()).then([unmanageRequested()]);
    });
  });

  describe('when never placed on a host', () => {
    it('drops it at once, whatever else would refuse it', () => {
      given(...unplaced({ encryption_key_id: 'k1' }), statusReset('in-use', { attach_status: 'attached' }))
        .when(unmanage())
        .then([{ type: 'VolumeUnmanaged', data: { operation_id: 'op-del' } }])
        .leaving(gone);
    });
  });

  describe.each(['in-use', 'creating', 'deleting', 'maintenance'] as const)('when %s', (status) => {
    it('refuses', () => {
      given(...inStatus(status)).when(unmanage()).thenThrows('invalid_volume', MUST_BE);
    });
  });

  describe('when available but attached', () => {
    it('refuses', () => {
      given(...inStatus('available', { attach_status: 'attached' })).when(unmanage()).thenThrows('invalid_volume', MUST_BE);
    });
  });

  describe('when unmanaging', () => {
    it('records the volume gone', () => {
      given(...available(), unmanageRequested())
        .when(result('CompleteVolumeUnmanage'))
        .then([{ type: 'VolumeUnmanaged', data: { operation_id: 'op-del' } }])
        .leaving({ ...gone, status: 'unmanaging' });
    });

    it('records a failure as error_unmanaging', () => {
      given(...available(), unmanageRequested())
        .when({ type: 'FailVolumeUnmanage', volume_id: VOLUME_ID, data: { operation_id: 'op-del', reason: 'x' } })
        .then([{ type: 'VolumeUnmanageFailed', data: { operation_id: 'op-del', reason: 'x', status: 'error_unmanaging' } }])
        .leaving({ status: 'error_unmanaging', deleted: false });
    });

    it('completes from error_managing_deleting too', () => {
      given(...inStatus('error_managing'), unmanageRequested('error_managing_deleting'))
        .when(result('CompleteVolumeUnmanage'))
        .then([{ type: 'VolumeUnmanaged', data: { operation_id: 'op-del' } }]);
    });

    it('ignores a delete result', () => {
      given(...available(), unmanageRequested()).when(result('CompleteVolumeDelete')).thenNothingHappened();
    });
  });

  describe('when unmanaged', () => {
    it('answers not found to everything, and ignores the result arriving twice', () => {
      const history = [...available(), unmanageRequested(), { type: 'VolumeUnmanaged', data: { operation_id: 'op-del' } } as VolumeEvent];
      given(...history).when(unmanage()).thenThrows('volume_not_found', `Volume ${VOLUME_ID} could not be found.`);
      given(...history).when(result('CompleteVolumeUnmanage')).thenNothingHappened();
    });
  });
});

describe('delete', () => {
  describe.each(['available', 'error', 'error_restoring', 'error_extending'] as const)('when %s', (status) => {
    it('records the delete', () => {
      given(...inStatus(status))
        .when(del())
        .then([deleteRequested()])
        .leaving({ status: 'deleting', terminated_at: NOW, pending: { kind: 'delete', operation_id: 'op-del' } });
    });
  });

  describe('when error_managing', () => {
    it('records error_managing_deleting', () => {
      given(...inStatus('error_managing')).when(del()).then([deleteRequested('error_managing_deleting')]);
    });
  });

  describe('when available', () => {
    it('refuses on a frozen backend, before the status checks', () => {
      given(...inStatus('in-use')).when(del({ backend_frozen: true })).thenThrows('invalid_input', FROZEN);
    });

    it('deletes an encrypted volume', () => {
      given(...available({ encryption_key_id: 'k1' })).when(del()).then([deleteRequested()]);
    });
  });

  describe('when available with snapshots', () => {
    const withSnapshots = [...available(), ...snapshotTaken('s1'), ...snapshotTaken('s2')];

    it('refuses without cascade', () => {
      given(...withSnapshots).when(del()).thenThrows('invalid_volume', MUST_BE);
    });

    it('with cascade, deletes the snapshots too', () => {
      given(...withSnapshots)
        .when(del({ cascade: true }))
        .then([deleteRequested('deleting', ['s1', 's2'])])
        .leaving({
          snapshots: [
            expect.objectContaining({ id: 's1', status: 'deleting', operation_id: 'op-del' }),
            expect.objectContaining({ id: 's2', status: 'deleting', operation_id: 'op-del' }),
          ],
        });
    });

    it('with cascade, refuses a snapshot still being created', () => {
      given(...withSnapshots, ...snapshotTaken('s3', { created: false })).when(del({ cascade: true })).thenThrows('invalid_volume', MUST_BE);
    });

    it('with cascade and force, takes snapshots of any status', () => {
      given(...withSnapshots, ...snapshotTaken('s3', { created: false }), statusReset('error_deleting'))
        .when(del({ cascade: true, force: true }))
        .then([{ type: 'VolumeForceDeleteRequested', data: { operation_id: 'op-del', status: 'deleting', terminated_at: NOW, deleting_snapshot_ids: ['s1', 's2', 's3'] } }]);
    });
  });

  describe.each(['in-use', 'creating', 'deleting', 'error_deleting', 'extending'] as const)('when %s', (status) => {
    it('refuses without force', () => {
      given(...inStatus(status)).when(del()).thenThrows('invalid_volume', MUST_BE);
    });
  });

  describe('when deleting', () => {
    it('records the volume gone', () => {
      given(...available(), deleteRequested())
        .when(result('CompleteVolumeDelete'))
        .then([{ type: 'VolumeDeleted', data: { operation_id: 'op-del' } }])
        .leaving({ ...gone, status: 'deleting' });
    });

    it('records a failure as error_deleting, failing the cascade snapshots still waiting', () => {
      given(...available(), ...snapshotTaken('s1'), ...snapshotTaken('s2'), deleteRequested('deleting', ['s1', 's2']), {
        type: 'SnapshotDeleted',
        data: { snapshot_id: 's1', operation_id: 'op-del' },
      })
        .when({ type: 'FailVolumeDelete', volume_id: VOLUME_ID, data: { operation_id: 'op-del', reason: 'x', volume_busy: false } })
        .then([
          {
            type: 'VolumeDeleteFailed',
            data: { operation_id: 'op-del', reason: 'x', status: 'error_deleting', error_deleting_snapshot_ids: ['s2'] },
          },
        ])
        .leaving({ status: 'error_deleting', snapshots: [expect.objectContaining({ id: 's2', status: 'error_deleting' })] });
    });

    it('records a busy volume as available again', () => {
      given(...available(), deleteRequested())
        .when({ type: 'FailVolumeDelete', volume_id: VOLUME_ID, data: { operation_id: 'op-del', reason: 'busy', volume_busy: true } })
        .then([{ type: 'VolumeDeleteFailed', data: { operation_id: 'op-del', reason: 'busy', status: 'available', error_deleting_snapshot_ids: [] } }]);
    });

    it('ignores a result for another operation', () => {
      given(...available(), deleteRequested()).when(result('CompleteVolumeDelete', 'other')).thenNothingHappened();
    });
  });

  describe('when never placed on a host', () => {
    it('deletes it at once', () => {
      given(...unplaced(), ...snapshotTaken('s1'))
        .when(del())
        .then([{ type: 'VolumeDeleted', data: { operation_id: 'op-del' } }])
        .leaving(gone);
    });
  });

  describe('when deleted', () => {
    it('answers not found, and ignores the result arriving twice', () => {
      const history = [...available(), deleteRequested(), { type: 'VolumeDeleted', data: { operation_id: 'op-del' } } as VolumeEvent];
      given(...history).when(del()).thenThrows('volume_not_found', `Volume ${VOLUME_ID} could not be found.`);
      given(...history).when(result('CompleteVolumeDelete')).thenNothingHappened();
    });
  });
});

describe('os-force_delete', () => {
  describe.each(['in-use', 'creating', 'deleting', 'error_deleting', 'extending', 'maintenance', 'reserved'] as const)('when %s', (status) => {
    it('records a forced delete: any status will do', () => {
      given(...inStatus(status)).when(forceDelete()).then([forceDeleteRequested()]).leaving({ status: 'deleting' });
    });
  });

  describe('when error_managing', () => {
    it('records error_managing_deleting', () => {
      given(...inStatus('error_managing')).when(forceDelete()).then([forceDeleteRequested('error_managing_deleting')]);
    });
  });

  describe('when extending', () => {
    it('takes over: the extend result arriving later is ignored', () => {
      const extending: VolumeEvent = { type: 'VolumeExtendRequested', data: { operation_id: 'e', new_size: 2, previous_status: 'available' } };
      given(...available(), extending, forceDeleteRequested())
        .when({ type: 'CompleteVolumeExtend', volume_id: VOLUME_ID, data: { operation_id: 'e' } })
        .thenNothingHappened();
    });
  });

  describe('when attached', () => {
    it('refuses, with no status clause in the message', () => {
      given(...available(), attached('a1')).when(forceDelete()).thenThrows('invalid_volume', FORCED_MUST_BE);
    });
  });

  describe('when available with snapshots, migrating, or in a consistency group', () => {
    it('refuses', () => {
      given(...available(), ...snapshotTaken('s1')).when(forceDelete()).thenThrows('invalid_volume', FORCED_MUST_BE);
      given(...inStatus('error', { migration_status: 'starting' })).when(forceDelete()).thenThrows('invalid_volume', FORCED_MUST_BE);
      given(...available({ consistencygroup_id: 'cg' })).when(forceDelete()).thenThrows('invalid_volume', FORCED_MUST_BE);
    });

    it('refuses on a frozen backend first', () => {
      given(...available(), attached('a1')).when(forceDelete(true)).thenThrows('invalid_input', FROZEN);
    });
  });

  describe('when force deleting', () => {
    it('completes like a delete', () => {
      given(...inStatus('in-use'), forceDeleteRequested())
        .when(result('CompleteVolumeDelete'))
        .then([{ type: 'VolumeDeleted', data: { operation_id: 'op-del' } }])
        .leaving(gone);
    });
  });
});
