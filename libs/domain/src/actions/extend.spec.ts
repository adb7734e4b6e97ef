import { decide } from '../decide';
import { given } from '../testing/decider-specification';
import { attached, available, inStatus, VOLUME_ID } from '../testing/volume-fixtures';
import type { VolumeEvent } from '../volume-events';
import { fold, type ExistingVolume } from '../volume-state';
import type { ExtendVolume } from './extend';

const extendRequested = (operation_id: string, new_size: number, previous_status = 'available' as const): VolumeEvent => ({
  type: 'VolumeExtendRequested',
  data: { operation_id, new_size, previous_status },
});
const extend = (new_size: number, allow_attached = false, type_limits?: ExtendVolume['data']['type_limits']) => ({
  type: 'ExtendVolume' as const,
  volume_id: VOLUME_ID,
  data: { operation_id: 'op-extend', new_size, allow_attached, ...(type_limits ? { type_limits } : {}) },
});
const completeExtend = (operation_id = 'op-extend') => ({
  type: 'CompleteVolumeExtend' as const,
  volume_id: VOLUME_ID,
  data: { operation_id },
});
const failExtend = (operation_id = 'op-extend') => ({
  type: 'FailVolumeExtend' as const,
  volume_id: VOLUME_ID,
  data: { operation_id, reason: 'disk full' },
});
const deferToCompute = (operation_id = 'op-extend') => ({
  type: 'DeferVolumeExtendToCompute' as const,
  volume_id: VOLUME_ID,
  data: { operation_id, reservations: ['r1', 'r2'] },
});
const completion = (error?: string | boolean | null) => ({
  type: 'ExtendVolumeCompletion' as const,
  volume_id: VOLUME_ID,
  data: error === undefined ? {} : { error },
});
const awaitingCompute: VolumeEvent[] = [
  ...available(),
  attached('a1'),
  { type: 'VolumeStatusReset', data: { status: 'in-use', attach_status: 'attached', migration_status: null, attachments_removed: false } },
  { type: 'VolumeExtendRequested', data: { operation_id: 'op-extend', new_size: 4, previous_status: 'in-use' } },
  { type: 'VolumeExtendDeferredToCompute', data: { operation_id: 'op-extend', new_size: 4, reservations: ['r1'] } },
];
const NOT_AVAILABLE = (status: string) =>
  `Volume ${VOLUME_ID} status must be '{'status': 'available'}' to extend, currently ${status}.`;

describe('os-extend', () => {
  describe('when the volume does not exist', () => {
    it('refuses as not found', () => {
      given().when(extend(2)).thenThrows('volume_not_found', `Volume ${VOLUME_ID} could not be found.`);
    });

    it('ignores a completion', () => {
      given().when(completeExtend()).thenNothingHappened();
    });
  });

  describe('when creating', () => {
    it('refuses, naming the status', () => {
      given(available()[0]).when(extend(2)).thenThrows('invalid_volume', NOT_AVAILABLE('creating'));
    });
  });

  describe('when available', () => {
    it('records an extend request with the previous status', () => {
      given(...available())
        .when(extend(3))
        .then([extendRequested('op-extend', 3)])
        .leaving({ status: 'extending', previous_status: 'available', pending: { kind: 'extend', operation_id: 'op-extend', new_size: 3 } });
    });

    it('refuses a new size equal to the current size', () => {
      given(...available())
        .when(extend(1))
        .thenThrows('invalid_input', 'New size for extend must be greater than current size. (current: 1, extended: 1).');
    });

    it('refuses a smaller size', () => {
      given(...available(), extendRequested('e1', 5), {
        type: 'VolumeExtended',
        data: { operation_id: 'e1', new_size: 5, status: 'available' },
      })
        .when(extend(2))
        .thenThrows('invalid_input', 'New size for extend must be greater than current size. (current: 5, extended: 2).');
    });

    it("refuses a size above the type's maximum", () => {
      given(...available())
        .when(extend(20, false, { max: 10, type_name: 'gold' }))
        .thenThrows(
          'invalid_input',
          "Specified volume size of '20' is greater than the maximum allowable size of '10' for volume type 'gold'.",
        );
    });

    it("refuses a size below the type's minimum", () => {
      given(...available())
        .when(extend(2, false, { min: 5, max: 10, type_name: 'gold' }))
        .thenThrows(
          'invalid_input',
          "Specified volume size of '2' is less than the minimum required size of '5' for volume type 'gold'.",
        );
    });

    it('accepts a size within the limits, the maximum included', () => {
      given(...available()).when(extend(10, false, { min: 1, max: 10, type_name: 'gold' })).then([extendRequested('op-extend', 10)]);
    });

    it('ignores a completion when no extend is pending', () => {
      given(...available()).when(completeExtend()).thenNothingHappened();
    });
  });

  describe('when extending', () => {
    const history = [...available(), extendRequested('op-extend', 4)];

    it('records the extend completed with the new size, available without attachments', () => {
      given(...history)
        .when(completeExtend())
        .then([{ type: 'VolumeExtended', data: { operation_id: 'op-extend', new_size: 4, status: 'available' } }])
        .leaving({ size: 4, status: 'available', previous_status: 'available', pending: null });
    });

    it('records a failed extend as error_extending', () => {
      given(...history)
        .when(failExtend())
        .then([
          { type: 'VolumeExtendFailed', data: { operation_id: 'op-extend', reason: 'disk full', status: 'error_extending' } },
        ])
        .leaving({ size: 1, status: 'error_extending', pending: null });
    });

    it('checks the size before the status', () => {
      given(...history)
        .when(extend(1))
        .thenThrows('invalid_input', 'New size for extend must be greater than current size. (current: 1, extended: 1).');
    });

    it("checks the type's limits before the status", () => {
      given(...history)
        .when(extend(20, false, { max: 10, type_name: 'gold' }))
        .thenThrows(
          'invalid_input',
          "Specified volume size of '20' is greater than the maximum allowable size of '10' for volume type 'gold'.",
        );
    });

    it('refuses a second extend while one is running', () => {
      given(...history).when(extend(8)).thenThrows('invalid_volume', NOT_AVAILABLE('extending'));
    });

    it('ignores the completion of another operation', () => {
      given(...history).when(completeExtend('stale-op')).thenNothingHappened();
    });
  });

  describe('when extended already (a completion arrives twice)', () => {
    const history: VolumeEvent[] = [
      ...available(),
      extendRequested('op-extend', 4),
      { type: 'VolumeExtended', data: { operation_id: 'op-extend', new_size: 4, status: 'available' } },
    ];

    it('records nothing for the repeated completion', () => {
      given(...history).when(completeExtend()).thenNothingHappened();
    });

    it('records nothing for a failure that arrives too late', () => {
      given(...history).when(failExtend()).thenNothingHappened();
    });
  });

  describe('when reset out of extending before the backend answered', () => {
    it('records nothing for the late completion', () => {
      given(...available(), extendRequested('op-extend', 4), inStatus('available')[2]).when(completeExtend()).thenNothingHappened();
    });
  });

  describe('when in-use', () => {
    const inUse = [...available(), attached('a1')];

    it('refuses below microversion 3.42 with the available-path message', () => {
      given(...inUse).when(extend(2, false)).thenThrows('invalid_volume', NOT_AVAILABLE('in-use'));
    });

    it('records an extend request at 3.42 and later, remembering in-use', () => {
      given(...inUse)
        .when(extend(2, true))
        .then([{ type: 'VolumeExtendRequested', data: { operation_id: 'op-extend', new_size: 2, previous_status: 'in-use' } }]);
    });

    it('completes as in-use, since the volume has an attachment', () => {
      given(...inUse, { type: 'VolumeExtendRequested', data: { operation_id: 'op-extend', new_size: 2, previous_status: 'in-use' } })
        .when(completeExtend())
        .then([{ type: 'VolumeExtended', data: { operation_id: 'op-extend', new_size: 2, status: 'in-use' } }]);
    });
  });

  describe('when reserved', () => {
    it('is never extendable, even at 3.42', () => {
      given(...inStatus('reserved')).when(extend(2, true)).thenThrows('invalid_volume', NOT_AVAILABLE('reserved'));
    });
  });

  describe('when in error_extending', () => {
    it('refuses, even at 3.42, with the available-path message', () => {
      given(...available(), extendRequested('op-extend', 4), {
        type: 'VolumeExtendFailed',
        data: { operation_id: 'op-extend', reason: 'x', status: 'error_extending' },
      })
        .when(extend(6, true))
        .thenThrows('invalid_volume', NOT_AVAILABLE('error_extending'));
    });
  });
});

describe('the driver defers an extend to the compute service', () => {
  describe('when extending', () => {
    it('records the target size and reservations in admin metadata, waiting on no job', () => {
      given(...available(), extendRequested('op-extend', 4))
        .when(deferToCompute())
        .then([
          { type: 'VolumeExtendDeferredToCompute', data: { operation_id: 'op-extend', new_size: 4, reservations: ['r1', 'r2'] } },
        ])
        .leaving({
          status: 'extending',
          admin_metadata: { extend_new_size: '4', extend_reservations: '["r1","r2"]' },
          pending: null,
        });
    });

    it('ignores a request for another operation', () => {
      given(...available(), extendRequested('op-extend', 4)).when(deferToCompute('other')).thenNothingHappened();
    });
  });

  describe('when already waiting on the compute service', () => {
    it('ignores the request arriving twice, and the job completing late', () => {
      given(...awaitingCompute).when(deferToCompute()).thenNothingHappened();
      given(...awaitingCompute).when(completeExtend()).thenNothingHappened();
    });
  });
});

describe('os-extend_volume_completion', () => {
  describe('when waiting on the compute service', () => {
    it('records success for an absent, false, null or empty error, in-use with an attachment', () => {
      for (const error of [undefined, false, null, '']) {
        given(...awaitingCompute)
          .when(completion(error))
          .then([{ type: 'VolumeExtendCompletionRecorded', data: { error: false, size: 4, status: 'in-use' } }])
          .leaving({ size: 4, status: 'in-use', admin_metadata: { readonly: 'False', attached_mode: 'rw' } });
      }
    });

    it('records failure for true and for any non-empty string, even "false" (Python truthiness)', () => {
      for (const error of [true, 'false', '0', 'no']) {
        given(...awaitingCompute)
          .when(completion(error))
          .then([{ type: 'VolumeExtendCompletionRecorded', data: { error: true, size: 1, status: 'error_extending' } }])
          .leaving({ size: 1, status: 'error_extending', admin_metadata: { readonly: 'False', attached_mode: 'rw' } });
      }
    });
  });

  describe('when extending without admin metadata (an ordinary backend extend)', () => {
    it('refuses: the metadata is missing', () => {
      given(...available(), extendRequested('op-extend', 4))
        .when(completion(false))
        .thenThrows('invalid_volume', 'Required volume admin metadata is malformed or missing.');
    });
  });

  describe('when the admin metadata is no longer usable', () => {
    it('refuses a target size not above the current size', () => {
      const grown: VolumeEvent = { type: 'VolumeExtendRequested', data: { operation_id: 'e2', new_size: 4, previous_status: 'in-use' } };
      const history: VolumeEvent[] = [
        ...awaitingCompute,
        { type: 'VolumeExtendCompletionRecorded', data: { error: false, size: 4, status: 'in-use' } },
        grown,
        { type: 'VolumeExtendDeferredToCompute', data: { operation_id: 'e2', new_size: 4, reservations: [] } },
      ];
      given(...history)
        .when(completion(false))
        .thenThrows(
          'invalid_volume',
          'The target volume size provided in volume admin metadata 4 is smaller or equal to the current volume size.',
        );
    });
  });

  describe('when not extending', () => {
    it('refuses before looking at the admin metadata', () => {
      given(...available()).when(completion(false)).thenThrows('invalid_volume', 'Volume is not being extended.');
    });

    it('refuses a volume reset out of extending, metadata and all', () => {
      given(...awaitingCompute, inStatus('in-use', { attach_status: 'attached' })[2])
        .when(completion(false))
        .thenThrows('invalid_volume', 'Volume is not being extended.');
    });
  });
});

describe('os-extend_volume_completion with admin metadata written by hand', () => {
  // Only VolumeExtendDeferredToCompute writes these keys today; Cinder still checks their shape.
  const withAdminMetadata = (admin_metadata: Record<string, string>) => {
    const state = fold(awaitingCompute);
    return { ...(state as ExistingVolume), admin_metadata };
  };

  it('refuses a size that is not an integer as malformed', () => {
    expect(() => decide(completion(false), withAdminMetadata({ extend_new_size: '4.5', extend_reservations: '[]' }))).toThrow(
      'Required volume admin metadata is malformed or missing.',
    );
  });

  it('refuses reservations that are not JSON as malformed', () => {
    expect(() => decide(completion(false), withAdminMetadata({ extend_new_size: '4', extend_reservations: '[' }))).toThrow(
      'Required volume admin metadata is malformed or missing.',
    );
  });

  it('refuses reservations that are JSON but not a list', () => {
    expect(() => decide(completion(false), withAdminMetadata({ extend_new_size: ' 4 ', extend_reservations: '{}' }))).toThrow(
      'The stored quota reservations for extending the volume must be in a list format.',
    );
  });
});
