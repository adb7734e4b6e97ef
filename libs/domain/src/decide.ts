import type {
  CompleteVolumeCreate,
  CompleteVolumeExtend,
  CreateVolume,
  ExtendVolume,
  FailVolumeCreate,
  FailVolumeExtend,
  VolumeCommand,
} from './volume-commands';
import { conflict, invalidInput, invalidVolume, volumeNotFound } from './volume-errors';
import type { VolumeEvent } from './volume-events';
import type { ExistingVolume, PendingOperation, VolumeState } from './volume-state';

/**
 * The Volume decider: which events a command records, given the volume's state, or a VolumeError
 * saying why Cinder would refuse it. A completion for an operation that is no longer pending
 * (it arrived twice, or too late) records nothing.
 */
export function decide(command: VolumeCommand, state: VolumeState): VolumeEvent[] {
  switch (command.type) {
    case 'CreateVolume':
      return createVolume(command, state);
    case 'CompleteVolumeCreate':
      return completeVolumeCreate(command, state);
    case 'FailVolumeCreate':
      return failVolumeCreate(command, state);
    case 'ExtendVolume':
      return extendVolume(command, existing(state, command));
    case 'CompleteVolumeExtend':
      return completeVolumeExtend(command, state);
    case 'FailVolumeExtend':
      return failVolumeExtend(command, state);
    default: {
      const unexpected: never = command;
      throw new Error(`Unknown command ${JSON.stringify(unexpected)}`);
    }
  }
}

function existing(state: VolumeState, command: VolumeCommand): ExistingVolume {
  if (!state.exists) throw volumeNotFound(command.volume_id);
  return state;
}

function isPending(state: VolumeState, kind: PendingOperation['kind'], operationId: string): state is ExistingVolume {
  return state.exists && state.pending?.kind === kind && state.pending.operation_id === operationId;
}

function createVolume({ volume_id, data }: CreateVolume, state: VolumeState): VolumeEvent[] {
  if (state.exists) throw conflict(`Volume ${volume_id} already exists.`);
  const { now, ...rest } = data;
  return [{ type: 'VolumeCreateRequested', data: { volume_id, ...rest, created_at: now } }];
}

function completeVolumeCreate({ data }: CompleteVolumeCreate, state: VolumeState): VolumeEvent[] {
  if (!isPending(state, 'create', data.operation_id)) return [];
  return [{ type: 'VolumeCreated', data }];
}

function failVolumeCreate({ data }: FailVolumeCreate, state: VolumeState): VolumeEvent[] {
  if (!isPending(state, 'create', data.operation_id)) return [];
  return [{ type: 'VolumeCreateFailed', data }];
}

/** cinder/volume/api.py `extend`: the size check comes before the status check. */
function extendVolume({ data }: ExtendVolume, volume: ExistingVolume): VolumeEvent[] {
  if (data.new_size - volume.size <= 0) {
    throw invalidInput(
      'New size for extend must be greater than current size. ' +
        `(current: ${volume.size}, extended: ${data.new_size}).`,
    );
  }
  const expected = data.allow_attached && volume.status === 'in-use' ? 'in-use' : 'available';
  if (volume.status !== expected) {
    // Cinder interpolates the str() of its expected-values dict, quotes and all.
    throw invalidVolume(
      `Volume ${volume.id} status must be '{'status': '${expected}'}' to extend, currently ${volume.status}.`,
    );
  }
  return [
    {
      type: 'VolumeExtendRequested',
      data: { operation_id: data.operation_id, new_size: data.new_size, previous_status: volume.status },
    },
  ];
}

function completeVolumeExtend({ data }: CompleteVolumeExtend, state: VolumeState): VolumeEvent[] {
  if (!isPending(state, 'extend', data.operation_id) || state.status !== 'extending') return [];
  return [
    {
      type: 'VolumeExtended',
      data: {
        operation_id: data.operation_id,
        new_size: state.pending!.new_size!,
        status: state.attachments.length > 0 ? 'in-use' : 'available',
      },
    },
  ];
}

function failVolumeExtend({ data }: FailVolumeExtend, state: VolumeState): VolumeEvent[] {
  if (!isPending(state, 'extend', data.operation_id) || state.status !== 'extending') return [];
  return [{ type: 'VolumeExtendFailed', data: { ...data, status: 'error_extending' } }];
}
