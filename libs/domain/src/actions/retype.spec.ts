import { decide } from '../decide';
import { given } from '../testing/decider-specification';
import type { VolumeCommand } from '../volume-commands';
import { fold } from '../volume-state';
import { attached, available, HOST, statusReset, VOLUME_ID } from '../testing/volume-fixtures';
import type { VolumeEvent } from '../volume-events';
import type { RetypeTarget, RetypeVolume } from './retype';

const gold: RetypeTarget = { id: 't-gold', name: 'gold', multiattach: false, encrypted: false };
const retype = (new_type: Partial<RetypeTarget> = {}, front_end_qos_changes = false): RetypeVolume => ({
  type: 'RetypeVolume',
  volume_id: VOLUME_ID,
  data: { operation_id: 'op-retype', new_type: { ...gold, ...new_type }, migration_policy: 'on-demand', front_end_qos_changes },
});
const requested = (previous_status: 'available' | 'in-use', multiattach = false): VolumeEvent => ({
  type: 'VolumeRetypeRequested',
  data: {
    operation_id: 'op-retype',
    new_type: { id: 't-gold', name: 'gold' },
    migration_policy: 'on-demand',
    previous_status,
    multiattach,
  },
});
const complete = (migrated_to?: { host: string; cluster_name: string | null; provider_location: string | null }) => ({
  type: 'CompleteVolumeRetype' as const,
  volume_id: VOLUME_ID,
  data: { operation_id: 'op-retype', ...(migrated_to ? { migrated_to } : {}) },
});
const fail = (migration_failed = false, operation_id = 'op-retype') => ({
  type: 'FailVolumeRetype' as const,
  volume_id: VOLUME_ID,
  data: { operation_id, reason: 'Retype requires migration but is not allowed.', migration_failed },
});
const decideAll = (command: VolumeCommand, history: VolumeEvent[]) => decide(command, fold(history));
const silver = { volume_type: 'silver', volume_type_id: 't-silver' };
const CANNOT_RETYPE =
  'Retype needs volume to be in available or in-use state, not be part of an active migration or a consistency ' +
  'group, requested type has to be different that the one from the volume, and for in-use volumes front-end qos ' +
  'specs cannot change.';

describe('os-retype', () => {
  describe('when available', () => {
    it('records the retype, remembering the status', () => {
      given(...available(silver))
        .when(retype())
        .then([requested('available')])
        .leaving({
          status: 'retyping',
          previous_status: 'available',
          pending: { kind: 'retype', operation_id: 'op-retype', new_type: { id: 't-gold', name: 'gold' } },
        });
    });

    it('takes the target type multiattach at once', () => {
      given(...available(silver)).when(retype({ multiattach: true })).then([requested('available', true)]).leaving({ multiattach: true });
    });

    it('refuses the type it already has', () => {
      given(...available({ volume_type: 'gold', volume_type_id: 't-gold' })).when(retype()).thenThrows('invalid_volume', CANNOT_RETYPE);
    });

    it("refuses a size outside the new type's limits, first of all", () => {
      given(...available({ ...silver, size: 5 }))
        .when(retype({ max_size: 2, multiattach: true, encrypted: true }))
        .thenThrows(
          'invalid_input',
          "Specified volume size of '5' is greater than the maximum allowable size of '2' for volume type 'gold'.",
        );
    });

    it('refuses a type both encrypted and multiattach', () => {
      given(...available(silver))
        .when(retype({ multiattach: true, encrypted: true }))
        .thenThrows('invalid_input', 'Retype requested both encryption and multi-attach, which is not supported.');
    });

    it('refuses a volume in a group or a consistency group', () => {
      given(...available({ ...silver, group_id: 'g1' })).when(retype()).thenThrows('invalid_volume', CANNOT_RETYPE);
      given(...available({ ...silver, consistencygroup_id: 'cg1' })).when(retype()).thenThrows('invalid_volume', CANNOT_RETYPE);
    });

    it('ignores front-end QoS changes', () => {
      given(...available(silver)).when(retype({}, true)).then([requested('available')]);
    });
  });

  describe('when in-use', () => {
    const inUse = [...available(silver), attached('a1')];

    it('records the retype', () => {
      given(...inUse).when(retype()).then([requested('in-use')]);
    });

    it('refuses a change of front-end QoS', () => {
      given(...inUse).when(retype({}, true)).thenThrows('invalid_volume', CANNOT_RETYPE);
    });

    it('refuses a change of multiattach, before the status', () => {
      given(...inUse)
        .when(retype({ multiattach: true }))
        .thenThrows(
          'invalid_input',
          'Invalid volume_type passed, retypes affecting multiattach are only allowed on available volumes, ' +
            'the specified volume however currently has a status of: in-use.',
        );
    });
  });

  describe('when migrating', () => {
    it('refuses', () => {
      given(...available(silver), statusReset('available', { migration_status: 'migrating' }))
        .when(retype())
        .thenThrows('invalid_volume', CANNOT_RETYPE);
    });
  });

  describe.each(['error', 'extending', 'reserved'] as const)('when %s', (status) => {
    it('refuses', () => {
      given(...available(silver), statusReset(status)).when(retype()).thenThrows('invalid_volume', CANNOT_RETYPE);
    });
  });

  describe('when retyping', () => {
    const retyping = [...available(silver), requested('available', true)];

    it('records the new type, back to the previous status', () => {
      given(...retyping)
        .when(complete())
        .then([
          {
            type: 'VolumeRetyped',
            data: {
              operation_id: 'op-retype',
              volume_type_id: 't-gold',
              volume_type: 'gold',
              host: HOST,
              cluster_name: null,
              provider_location: '/data/volume-1',
              status: 'available',
              migration_status: null,
            },
          },
        ])
        .leaving({ volume_type: 'gold', volume_type_id: 't-gold', status: 'available', pending: null });
    });

    it('records where a migration moved it', () => {
      const there = { host: 'other@file#x', cluster_name: null, provider_location: '/other/v' };
      given(...retyping)
        .when(complete(there))
        .then([
          {
            type: 'VolumeRetyped',
            data: {
              operation_id: 'op-retype',
              volume_type_id: 't-gold',
              volume_type: 'gold',
              ...there,
              status: 'available',
              migration_status: 'success',
            },
          },
        ])
        .leaving({ host: 'other@file#x', migration_status: 'success' });
    });

    it('records a failure: old type, previous status, and multiattach left as the target type had it', () => {
      given(...retyping)
        .when(fail())
        .then([
          {
            type: 'VolumeRetypeFailed',
            data: { operation_id: 'op-retype', reason: 'Retype requires migration but is not allowed.', status: 'available', migration_status: null },
          },
        ])
        .leaving({ volume_type: 'silver', status: 'available', multiattach: true, pending: null });
    });

    it('records a failed migration as migration_status error', () => {
      given(...retyping)
        .when(fail(true))
        .then([
          {
            type: 'VolumeRetypeFailed',
            data: { operation_id: 'op-retype', reason: 'Retype requires migration but is not allowed.', status: 'available', migration_status: 'error' },
          },
        ]);
    });

    it('ignores a result for another operation', () => {
      given(...retyping).when(fail(false, 'other')).thenNothingHappened();
    });

    it('refuses another retype', () => {
      given(...retyping).when(retype({ multiattach: true })).thenThrows('invalid_volume', CANNOT_RETYPE);
    });
  });

  describe('when reset out of retyping', () => {
    it('ignores the late completion', () => {
      given(...available(silver), requested('available'), statusReset('available')).when(complete()).thenNothingHappened();
    });
  });

  describe('when retyped already', () => {
    it('ignores a repeated completion', () => {
      given(...available(silver), requested('available'), ...decideAll(complete(), [...available(silver), requested('available')]))
        .when(complete())
        .thenNothingHappened();
    });
  });
});
