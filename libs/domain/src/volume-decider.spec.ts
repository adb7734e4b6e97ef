import { decide } from './decide';
import type { VolumeEvent } from './volume-events';
import { evolve, fold, initialState } from './volume-state';
import { given } from './testing/decider-specification';

const VOLUME_ID = '3a81fdac-e8ae-4e61-b6a2-2e14ff316f19';
const CREATE_OP = 'op-create';

const createRequested: VolumeEvent = {
  type: 'VolumeCreateRequested',
  data: {
    volume_id: VOLUME_ID,
    operation_id: CREATE_OP,
    project_id: 'p1',
    user_id: 'u1',
    size: 1,
    name: 'vol',
    description: null,
    availability_zone: 'nova',
    volume_type: null,
    metadata: {},
    multiattach: false,
    host: 'engine@file#default',
    created_at: '2026-11-27T10:00:00.000000',
  },
};
const created: VolumeEvent = {
  type: 'VolumeCreated',
  data: { operation_id: CREATE_OP, host: 'engine@file#default', provider_location: '/data/volume-1' },
};
const extendRequested = (operation_id: string, new_size: number): VolumeEvent => ({
  type: 'VolumeExtendRequested',
  data: { operation_id, new_size, previous_status: 'available' },
});
const extend = (new_size: number, allow_attached = false, operation_id = 'op-extend') => ({
  type: 'ExtendVolume' as const,
  volume_id: VOLUME_ID,
  data: { operation_id, new_size, allow_attached },
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

describe('Volume decider', () => {
  describe('when the volume does not exist', () => {
    it('records a create request with the time it was given', () => {
      const { volume_id, created_at, ...data } = createRequested.data as typeof createRequested.data & {
        created_at: string;
      };
      given().when({ type: 'CreateVolume', volume_id, data: { ...data, now: created_at } }).then([createRequested]);
    });

    it('refuses to extend it as not found', () => {
      given().when(extend(2)).thenThrows('volume_not_found', `Volume ${VOLUME_ID} could not be found.`);
    });

    it('ignores a completion', () => {
      given().when(completeExtend()).thenNothingHappened();
    });
  });

  describe('when creating', () => {
    it('records the backend having created it', () => {
      given(createRequested)
        .when({ type: 'CompleteVolumeCreate', volume_id: VOLUME_ID, data: created.data as never })
        .then([created]);
    });

    it('records a failed create', () => {
      given(createRequested)
        .when({ type: 'FailVolumeCreate', volume_id: VOLUME_ID, data: { operation_id: CREATE_OP, reason: 'no space' } })
        .then([{ type: 'VolumeCreateFailed', data: { operation_id: CREATE_OP, reason: 'no space' } }]);
    });

    it('ignores a completion of another operation', () => {
      given(createRequested)
        .when({ type: 'CompleteVolumeCreate', volume_id: VOLUME_ID, data: { ...(created.data as never as object), operation_id: 'other' } as never })
        .thenNothingHappened();
    });

    it('refuses to extend, naming the status', () => {
      given(createRequested)
        .when(extend(2))
        .thenThrows(
          'invalid_volume',
          `Volume ${VOLUME_ID} status must be '{'status': 'available'}' to extend, currently creating.`,
        );
    });
  });

  describe('when available', () => {
    it('records an extend request with the previous status', () => {
      given(createRequested, created).when(extend(3)).then([extendRequested('op-extend', 3)]);
    });

    it('refuses a new size equal to the current size', () => {
      given(createRequested, created)
        .when(extend(1))
        .thenThrows(
          'invalid_input',
          'New size for extend must be greater than current size. (current: 1, extended: 1).',
        );
    });

    it('refuses a smaller size', () => {
      given(createRequested, created, extendRequested('e1', 5), {
        type: 'VolumeExtended',
        data: { operation_id: 'e1', new_size: 5, status: 'available' },
      })
        .when(extend(2))
        .thenThrows(
          'invalid_input',
          'New size for extend must be greater than current size. (current: 5, extended: 2).',
        );
    });

    it('ignores a completion when no extend is pending', () => {
      given(createRequested, created).when(completeExtend()).thenNothingHappened();
    });
  });

  describe('when extending', () => {
    const history = [createRequested, created, extendRequested('op-extend', 4)];

    it('records the extend completed with the new size, available without attachments', () => {
      given(...history)
        .when(completeExtend())
        .then([{ type: 'VolumeExtended', data: { operation_id: 'op-extend', new_size: 4, status: 'available' } }]);
    });

    it('records a failed extend as error_extending', () => {
      given(...history)
        .when(failExtend())
        .then([
          {
            type: 'VolumeExtendFailed',
            data: { operation_id: 'op-extend', reason: 'disk full', status: 'error_extending' },
          },
        ]);
    });

    it('checks the size before the status', () => {
      given(...history)
        .when(extend(1))
        .thenThrows('invalid_input', 'New size for extend must be greater than current size. (current: 1, extended: 1).');
    });

    it('refuses a second extend while one is running', () => {
      given(...history)
        .when(extend(8, false, 'op-2'))
        .thenThrows(
          'invalid_volume',
          `Volume ${VOLUME_ID} status must be '{'status': 'available'}' to extend, currently extending.`,
        );
    });

    it('ignores the completion of another operation', () => {
      given(...history).when(completeExtend('stale-op')).thenNothingHappened();
    });
  });

  describe('when extended already (a completion arrives twice)', () => {
    const history: VolumeEvent[] = [
      createRequested,
      created,
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

  describe('when in-use', () => {
    const inUse = () => {
      const state = fold([createRequested, created]);
      if (!state.exists) throw new Error('unreachable');
      return { ...state, status: 'in-use' as const };
    };

    it('refuses to extend below microversion 3.42 with the available-path message', () => {
      expect(() => decide(extend(2, false), inUse())).toThrow(
        `Volume ${VOLUME_ID} status must be '{'status': 'available'}' to extend, currently in-use.`,
      );
    });

    it('records an extend request at 3.42 and later, remembering in-use', () => {
      expect(decide(extend(2, true), inUse())).toEqual([
        { type: 'VolumeExtendRequested', data: { operation_id: 'op-extend', new_size: 2, previous_status: 'in-use' } },
      ]);
    });
  });

  describe('when in error_extending', () => {
    it('refuses to extend, even at 3.42, with the available-path message', () => {
      given(createRequested, created, extendRequested('op-extend', 4), {
        type: 'VolumeExtendFailed',
        data: { operation_id: 'op-extend', reason: 'x', status: 'error_extending' },
      })
        .when(extend(6, true))
        .thenThrows(
          'invalid_volume',
          `Volume ${VOLUME_ID} status must be '{'status': 'available'}' to extend, currently error_extending.`,
        );
    });
  });
});

describe('evolve', () => {
  it('keeps previous_status after a successful extend, as Cinder does', () => {
    const state = fold([
      createRequested,
      created,
      extendRequested('op-extend', 4),
      { type: 'VolumeExtended', data: { operation_id: 'op-extend', new_size: 4, status: 'available' } },
    ]);
    expect(state).toMatchObject({ status: 'available', size: 4, previous_status: 'available', pending: null });
  });

  it('ignores events on a volume that does not exist', () => {
    expect(evolve(initialState(), created)).toEqual({ exists: false });
  });
});
