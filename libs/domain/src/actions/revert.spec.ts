import { given } from '../testing/decider-specification';
import { available, snapshotTaken, statusReset, VOLUME_ID } from '../testing/volume-fixtures';
import type { VolumeEvent } from '../volume-events';

const revert = (snapshot_id: string | null) => ({
  type: 'RevertVolumeToSnapshot' as const,
  volume_id: VOLUME_ID,
  data: { operation_id: 'op-revert', snapshot_id },
});
const complete = (operation_id = 'op-revert') => ({
  type: 'CompleteVolumeRevert' as const,
  volume_id: VOLUME_ID,
  data: { operation_id },
});
const fail = (operation_id = 'op-revert') => ({
  type: 'FailVolumeRevert' as const,
  volume_id: VOLUME_ID,
  data: { operation_id, reason: 'driver failed' },
});
const requested: VolumeEvent = { type: 'VolumeRevertRequested', data: { operation_id: 'op-revert', snapshot_id: 's2' } };
const twoSnapshots = [
  ...available(),
  ...snapshotTaken('s1', { created_at: '2026-11-27T11:00:00.000000' }),
  ...snapshotTaken('s2', { created_at: '2026-11-27T11:30:00.000000' }),
];
const cannotRevert = `Can't revert volume ${VOLUME_ID} to its latest snapshot s2.`;

describe('revert', () => {
  describe('when available without snapshots', () => {
    it('refuses first of all', () => {
      given(...available()).when(revert('s1')).thenThrows('bad_request', `Volume ${VOLUME_ID} doesn't have any snapshots.`);
    });
  });

  describe('when available with snapshots', () => {
    it('records the revert to the latest snapshot, which starts restoring', () => {
      given(...twoSnapshots)
        .when(revert('s2'))
        .then([requested])
        .leaving({
          status: 'reverting',
          pending: { kind: 'revert', operation_id: 'op-revert', snapshot_id: 's2' },
          snapshots: [
            expect.objectContaining({ id: 's1', status: 'available' }),
            expect.objectContaining({ id: 's2', status: 'restoring' }),
          ],
        });
    });

    it('refuses an older snapshot', () => {
      given(...twoSnapshots)
        .when(revert('s1'))
        .thenThrows('bad_request', `Specified snapshot s1 is None or not the latest one of volume ${VOLUME_ID}.`);
    });

    it('refuses a missing snapshot id, naming it None', () => {
      given(...twoSnapshots)
        .when(revert(null))
        .thenThrows('bad_request', `Specified snapshot None is None or not the latest one of volume ${VOLUME_ID}.`);
    });

    it('takes the latest by creation time, whatever its status', () => {
      given(...twoSnapshots, ...snapshotTaken('s3', { created_at: '2026-11-27T12:00:00.000000', created: false }))
        .when(revert('s2'))
        .thenThrows('bad_request', `Specified snapshot s2 is None or not the latest one of volume ${VOLUME_ID}.`);
    });

    it('refuses when the volume was extended since the snapshot', () => {
      given(...twoSnapshots, {
        type: 'VolumeExtendRequested',
        data: { operation_id: 'e', new_size: 2, previous_status: 'available' },
      }, { type: 'VolumeExtended', data: { operation_id: 'e', new_size: 2, status: 'available' } })
        .when(revert('s2'))
        .thenThrows('bad_request', `${cannotRevert} The volume size must be equal to the snapshot size.`);
    });

    it('refuses a latest snapshot that is not available with a 409, changing nothing', () => {
      given(...twoSnapshots, { type: 'SnapshotDeleteRequested', data: { snapshot_id: 's2', operation_id: 'd' } })
        .when(revert('s2'))
        .thenThrows('conflict', `Invalid snapshot: ${cannotRevert} Snapshot's status must be 'available'.`);
    });
  });

  describe('when in-use', () => {
    it('refuses with a 409 (only the status matters, not attach_status)', () => {
      given(...twoSnapshots, statusReset('in-use', { attach_status: 'attached' }))
        .when(revert('s2'))
        .thenThrows('conflict', `Invalid volume: ${cannotRevert} Volume's status must be 'available'.`);
    });

    it('checks the snapshot named before the status', () => {
      given(...twoSnapshots, statusReset('in-use'))
        .when(revert('s1'))
        .thenThrows('bad_request', `Specified snapshot s1 is None or not the latest one of volume ${VOLUME_ID}.`);
    });

    it('checks the volume status before the snapshot status', () => {
      given(...twoSnapshots, { type: 'SnapshotDeleteRequested', data: { snapshot_id: 's2', operation_id: 'd' } }, statusReset('error'))
        .when(revert('s2'))
        .thenThrows('conflict', `Invalid volume: ${cannotRevert} Volume's status must be 'available'.`);
    });
  });

  describe('when reverting', () => {
    const reverting = [...twoSnapshots, requested];

    it('records success: the volume and the snapshot are available again', () => {
      given(...reverting)
        .when(complete())
        .then([
          {
            type: 'VolumeReverted',
            data: { operation_id: 'op-revert', snapshot_id: 's2', status: 'available', snapshot_status: 'available' },
          },
        ])
        .leaving({ status: 'available', pending: null, snapshots: [expect.anything(), expect.objectContaining({ status: 'available' })] });
    });

    it('records failure: the volume in error, the snapshot available', () => {
      given(...reverting)
        .when(fail())
        .then([
          {
            type: 'VolumeRevertFailed',
            data: {
              operation_id: 'op-revert',
              snapshot_id: 's2',
              reason: 'driver failed',
              status: 'error',
              snapshot_status: 'available',
            },
          },
        ])
        .leaving({ status: 'error', pending: null });
    });

    it('leaves a snapshot that a forced delete took meanwhile as it is', () => {
      given(...reverting, { type: 'SnapshotDeleteRequested', data: { snapshot_id: 's2', operation_id: 'd' } })
        .when(complete())
        .then([
          {
            type: 'VolumeReverted',
            data: { operation_id: 'op-revert', snapshot_id: 's2', status: 'available', snapshot_status: 'deleting' },
          },
        ]);
    });

    it('refuses a second revert', () => {
      given(...reverting)
        .when(revert('s2'))
        .thenThrows('conflict', `Invalid volume: ${cannotRevert} Volume's status must be 'available'.`);
    });

    it('ignores a completion of another operation', () => {
      given(...reverting).when(complete('other')).thenNothingHappened();
    });
  });

  describe('when reverted already', () => {
    it('ignores the completion arriving twice and a late failure', () => {
      const done: VolumeEvent = {
        type: 'VolumeReverted',
        data: { operation_id: 'op-revert', snapshot_id: 's2', status: 'available', snapshot_status: 'available' },
      };
      given(...twoSnapshots, requested, done).when(complete()).thenNothingHappened();
      given(...twoSnapshots, requested, done).when(fail()).thenNothingHappened();
    });
  });
});
