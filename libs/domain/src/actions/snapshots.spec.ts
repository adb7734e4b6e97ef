import { given } from '../testing/decider-specification';
import { attached, available, createRequested, inStatus, NOW, snapshotTaken, statusReset, VOLUME_ID } from '../testing/volume-fixtures';
import type { VolumeEvent } from '../volume-events';

const create = ({ force = false, backend_frozen = false } = {}) => ({
  type: 'CreateSnapshot' as const,
  volume_id: VOLUME_ID,
  data: { operation_id: 'op-s', snapshot_id: 's1', name: 'snap', description: null, force, backend_frozen, now: NOW },
});
const createRequestedEvent: VolumeEvent = {
  type: 'SnapshotCreateRequested',
  data: { snapshot_id: 's1', operation_id: 'op-s', name: 'snap', description: null, volume_size: 1, created_at: NOW },
};
const result = <T extends 'CompleteSnapshotCreate' | 'CompleteSnapshotDelete'>(type: T, snapshot_id = 's1', operation_id = 'op-s') => ({
  type,
  volume_id: VOLUME_ID,
  data: { snapshot_id, operation_id },
});
const failure = <T extends 'FailSnapshotCreate' | 'FailSnapshotDelete'>(type: T) => ({
  type,
  volume_id: VOLUME_ID,
  data: { snapshot_id: 's1', operation_id: 'op-s', reason: 'x' },
});
const del = ({ force = false, backend_frozen = false, snapshot_id = 's1' } = {}) => ({
  type: 'DeleteSnapshot' as const,
  volume_id: VOLUME_ID,
  data: { snapshot_id, operation_id: 'op-s', force, backend_frozen },
});
const deleteRequested: VolumeEvent = { type: 'SnapshotDeleteRequested', data: { snapshot_id: 's1', operation_id: 'op-s' } };
const FROZEN = 'Modification operations are not allowed on frozen storage backends.';

describe('snapshot create', () => {
  describe('when available', () => {
    it("records the snapshot creating, with the volume's size", () => {
      given(...available())
        .when(create())
        .then([createRequestedEvent])
        .leaving({
          status: 'available',
          snapshots: [
            { id: 's1', status: 'creating', volume_size: 1, created_at: NOW, name: 'snap', description: null, operation_id: 'op-s' },
          ],
        });
    });

    it('refuses on a frozen backend first', () => {
      given(...inStatus('maintenance')).when(create({ backend_frozen: true })).thenThrows('invalid_input', FROZEN);
    });
  });

  describe('when in-use', () => {
    it('refuses without force, joining the statuses with a comma', () => {
      given(...available(), attached('a1'))
        .when(create())
        .thenThrows('invalid_volume', `Volume ${VOLUME_ID} status must be available, but current status is: in-use.`);
    });

    it('snapshots with force (or microversion 3.66)', () => {
      given(...available(), attached('a1')).when(create({ force: true })).then([createRequestedEvent]);
    });
  });

  describe.each(['extending', 'reserved', 'creating'] as const)('when %s', (status) => {
    it('refuses even with force', () => {
      given(...inStatus(status))
        .when(create({ force: true }))
        .thenThrows('invalid_volume', `Volume ${VOLUME_ID} status must be available, in-use, but current status is: ${status}.`);
    });
  });

  describe('when in maintenance', () => {
    it('refuses', () => {
      given(...inStatus('maintenance')).when(create()).thenThrows('invalid_volume', 'The snapshot cannot be created when the volume is in maintenance mode.');
    });
  });

  describe('when migrating', () => {
    it('refuses, before the status', () => {
      given(...inStatus('extending', { migration_status: 'migrating' }))
        .when(create())
        .thenThrows('invalid_volume', 'Snapshot cannot be created while volume is migrating.');
    });
  });

  describe('when error', () => {
    it('refuses with its own message', () => {
      given(...inStatus('error')).when(create({ force: true })).thenThrows('invalid_volume', 'The snapshot cannot be created when the volume is in error status.');
    });
  });

  describe('when never placed on a host', () => {
    it('refuses', () => {
      given(createRequested({ host: null as never }), statusReset('available'))
        .when(create())
        .thenThrows('invalid_volume', 'The snapshot cannot be created because volume has not been scheduled to any host.');
    });
  });

  describe('when the snapshot is creating', () => {
    it('records it created', () => {
      given(...available(), createRequestedEvent)
        .when(result('CompleteSnapshotCreate'))
        .then([{ type: 'SnapshotCreated', data: { snapshot_id: 's1', operation_id: 'op-s' } }])
        .leaving({ snapshots: [expect.objectContaining({ id: 's1', status: 'available', operation_id: null })] });
    });

    it('records it failed as error', () => {
      given(...available(), createRequestedEvent)
        .when(failure('FailSnapshotCreate'))
        .then([{ type: 'SnapshotCreateFailed', data: { snapshot_id: 's1', operation_id: 'op-s', reason: 'x' } }])
        .leaving({ snapshots: [expect.objectContaining({ id: 's1', status: 'error' })] });
    });

    it('ignores another operation, or another snapshot', () => {
      given(...available(), createRequestedEvent).when(result('CompleteSnapshotCreate', 's1', 'other')).thenNothingHappened();
      given(...available(), createRequestedEvent).when(result('CompleteSnapshotCreate', 's9')).thenNothingHappened();
    });

    it('lets the volume be extended meanwhile', () => {
      given(...available(), createRequestedEvent)
        .when({ type: 'ExtendVolume', volume_id: VOLUME_ID, data: { operation_id: 'e', new_size: 2, allow_attached: false } })
        .then([{ type: 'VolumeExtendRequested', data: { operation_id: 'e', new_size: 2, previous_status: 'available' } }]);
    });
  });

  describe('when the snapshot was created already', () => {
    it('ignores the result arriving twice', () => {
      given(...available(), ...snapshotTaken('s1')).when(result('CompleteSnapshotCreate', 's1', 'op-s1')).thenNothingHappened();
    });
  });
});

describe('snapshot delete', () => {
  describe('when the snapshot is available', () => {
    it('records it deleting', () => {
      given(...available(), createRequestedEvent, { type: 'SnapshotCreated', data: { snapshot_id: 's1', operation_id: 'op-s' } })
        .when(del())
        .then([deleteRequested])
        .leaving({ snapshots: [expect.objectContaining({ id: 's1', status: 'deleting', operation_id: 'op-s' })] });
    });

    it('refuses on a frozen backend', () => {
      given(...available(), ...snapshotTaken('s1')).when(del({ backend_frozen: true })).thenThrows('invalid_input', FROZEN);
    });
  });

  describe('when the snapshot is in error', () => {
    it('records it deleting', () => {
      given(...available(), createRequestedEvent, { type: 'SnapshotCreateFailed', data: { snapshot_id: 's1', operation_id: 'op-s', reason: 'x' } })
        .when(del())
        .then([deleteRequested]);
    });
  });

  describe.each([
    ['creating', [createRequestedEvent]],
    ['deleting', [createRequestedEvent, { type: 'SnapshotCreated', data: { snapshot_id: 's1', operation_id: 'op-s' } }, deleteRequested]],
  ] as [string, VolumeEvent[]][])('when the snapshot is %s', (_status, history) => {
    it('refuses without force', () => {
      given(...available(), ...history)
        .when(del())
        .thenThrows('invalid_snapshot', 'Snapshot status must be available or error and must not be part of a group.');
    });

    it('deletes with force', () => {
      given(...available(), ...history).when(del({ force: true })).then([deleteRequested]);
    });
  });

  describe('when the snapshot is restoring (a revert uses it)', () => {
    it('refuses', () => {
      given(...available(), ...snapshotTaken('s1'), { type: 'VolumeRevertRequested', data: { operation_id: 'r', snapshot_id: 's1' } })
        .when(del())
        .thenThrows('invalid_snapshot', 'Snapshot status must be available or error and must not be part of a group.');
    });
  });

  describe('when the volume has no such snapshot', () => {
    it('answers not found, before the frozen backend', () => {
      given(...available()).when(del({ snapshot_id: 's9', backend_frozen: true })).thenThrows('not_found', 'Snapshot s9 could not be found.');
    });
  });

  describe('when the snapshot is deleting', () => {
    const deleting = [...available(), createRequestedEvent, { type: 'SnapshotCreated', data: { snapshot_id: 's1', operation_id: 'op-s' } } as VolumeEvent, deleteRequested];

    it('records it gone', () => {
      given(...deleting)
        .when(result('CompleteSnapshotDelete'))
        .then([{ type: 'SnapshotDeleted', data: { snapshot_id: 's1', operation_id: 'op-s' } }])
        .leaving({ snapshots: [] });
    });

    it('records a failure as error_deleting', () => {
      given(...deleting)
        .when(failure('FailSnapshotDelete'))
        .then([{ type: 'SnapshotDeleteFailed', data: { snapshot_id: 's1', operation_id: 'op-s', reason: 'x' } }])
        .leaving({ snapshots: [expect.objectContaining({ id: 's1', status: 'error_deleting' })] });
    });

    it('ignores the result arriving twice', () => {
      given(...deleting, { type: 'SnapshotDeleted', data: { snapshot_id: 's1', operation_id: 'op-s' } })
        .when(result('CompleteSnapshotDelete'))
        .thenNothingHappened();
    });
  });
});
