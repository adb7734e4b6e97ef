import { pythonInt, pythonTruthy } from '../cinder-utils';
import { isPending, statusByAttachments } from '../guards';
import { omitKeys } from '../records';
import { invalidInput, invalidVolume } from '../volume-errors';
import type { ExistingVolume, VolumeState } from '../volume-state';
import type { VolumeStatus } from '../volume-status';
import { checkSizeAgainstType, type TypeSizeLimits } from '../type-size-limits';

export interface ExtendVolume {
  type: 'ExtendVolume';
  volume_id: string;
  data: {
    operation_id: string;
    new_size: number;
    /** Microversion ≥ 3.42: an `in-use` volume may be extended. */
    allow_attached: boolean;
    /** The size limits of the volume's type (or of the default type); none when it sets none. */
    type_limits?: TypeSizeLimits;
  };
}

export interface CompleteVolumeExtend {
  type: 'CompleteVolumeExtend';
  volume_id: string;
  data: { operation_id: string };
}

export interface FailVolumeExtend {
  type: 'FailVolumeExtend';
  volume_id: string;
  data: { operation_id: string; reason: string };
}

/**
 * The driver cannot grow a volume a server holds open, so the compute service must finish the
 * extend (blueprint extend-volume-completion-action): the volume stays `extending`, with the
 * target size and quota reservations in admin metadata for os-extend_volume_completion. No job
 * follows; the volume waits on the compute service.
 */
export interface DeferVolumeExtendToCompute {
  type: 'DeferVolumeExtendToCompute';
  volume_id: string;
  data: { operation_id: string; reservations: string[] };
}

/** os-extend_volume_completion: the compute service reports how its part of the extend ended. */
export interface ExtendVolumeCompletion {
  type: 'ExtendVolumeCompletion';
  volume_id: string;
  /** `error` as sent: Cinder reads it with Python truthiness, not as a boolean. */
  data: { error?: string | boolean | null };
}

export type ExtendCommand =
  | ExtendVolume
  | CompleteVolumeExtend
  | FailVolumeExtend
  | DeferVolumeExtendToCompute
  | ExtendVolumeCompletion;

export interface VolumeExtendRequested {
  type: 'VolumeExtendRequested';
  data: { operation_id: string; new_size: number; previous_status: VolumeStatus };
}

export interface VolumeExtended {
  type: 'VolumeExtended';
  /** `status` is what the volume became: `in-use` when it has attachments, else `available`. */
  data: { operation_id: string; new_size: number; status: VolumeStatus };
}

export interface VolumeExtendFailed {
  type: 'VolumeExtendFailed';
  data: { operation_id: string; reason: string; status: VolumeStatus };
}

export interface VolumeExtendDeferredToCompute {
  type: 'VolumeExtendDeferredToCompute';
  data: { operation_id: string; new_size: number; reservations: string[] };
}

export interface VolumeExtendCompletionRecorded {
  type: 'VolumeExtendCompletionRecorded';
  /** `error` as Cinder understood it; `size` and `status` what the volume became. */
  data: { error: boolean; size: number; status: VolumeStatus };
}

export type ExtendEvent =
  | VolumeExtendRequested
  | VolumeExtended
  | VolumeExtendFailed
  | VolumeExtendDeferredToCompute
  | VolumeExtendCompletionRecorded;

/** cinder/volume/api.py `_extend`: size, then the type's limits, then the status. */
export function extendVolume({ data }: ExtendVolume, volume: ExistingVolume): ExtendEvent[] {
  if (data.new_size - volume.size <= 0) {
    throw invalidInput(
      'New size for extend must be greater than current size. ' +
        `(current: ${volume.size}, extended: ${data.new_size}).`,
    );
  }
  checkSizeAgainstType(data.new_size, data.type_limits);
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

export function completeVolumeExtend({ data }: CompleteVolumeExtend, state: VolumeState): ExtendEvent[] {
  if (!isPending(state, 'extend', data.operation_id, 'extending')) return [];
  return [
    {
      type: 'VolumeExtended',
      data: { operation_id: data.operation_id, new_size: state.pending!.new_size!, status: statusByAttachments(state) },
    },
  ];
}

export function failVolumeExtend({ data }: FailVolumeExtend, state: VolumeState): ExtendEvent[] {
  if (!isPending(state, 'extend', data.operation_id, 'extending')) return [];
  return [{ type: 'VolumeExtendFailed', data: { ...data, status: 'error_extending' } }];
}

export function deferVolumeExtendToCompute(
  { data }: DeferVolumeExtendToCompute,
  state: VolumeState,
): ExtendEvent[] {
  if (!isPending(state, 'extend', data.operation_id, 'extending')) return [];
  return [
    {
      type: 'VolumeExtendDeferredToCompute',
      data: { operation_id: data.operation_id, new_size: state.pending!.new_size!, reservations: data.reservations },
    },
  ];
}

/** cinder/volume/api.py `extend_volume_completion`, the API checks then the volume service's outcome. */
export function extendVolumeCompletion({ data }: ExtendVolumeCompletion, volume: ExistingVolume): ExtendEvent[] {
  if (volume.status !== 'extending') throw invalidVolume('Volume is not being extended.');
  const { extend_new_size, extend_reservations } = volume.admin_metadata;
  const newSize = extend_new_size === undefined ? null : pythonInt(extend_new_size);
  const reservations = extend_reservations === undefined ? undefined : parseJson(extend_reservations);
  if (newSize === null || reservations === undefined) {
    throw invalidVolume('Required volume admin metadata is malformed or missing.');
  }
  if (newSize <= volume.size) {
    throw invalidVolume(
      `The target volume size provided in volume admin metadata ${newSize} is smaller or equal to the current volume size.`,
    );
  }
  if (!Array.isArray(reservations)) {
    throw invalidVolume('The stored quota reservations for extending the volume must be in a list format.');
  }
  const error = pythonTruthy(data.error);
  return [
    {
      type: 'VolumeExtendCompletionRecorded',
      data: error
        ? { error, size: volume.size, status: 'error_extending' }
        : { error, size: newSize, status: statusByAttachments(volume) },
    },
  ];
}

/** undefined (which JSON cannot hold) when the text does not parse. */
function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export function evolveExtend(state: ExistingVolume, event: ExtendEvent): ExistingVolume {
  switch (event.type) {
    case 'VolumeExtendRequested':
      return {
        ...state,
        status: 'extending',
        previous_status: event.data.previous_status,
        pending: { kind: 'extend', operation_id: event.data.operation_id, new_size: event.data.new_size },
      };
    case 'VolumeExtended':
      // Cinder keeps previous_status after a successful extend.
      return { ...state, size: event.data.new_size, status: event.data.status, pending: null };
    case 'VolumeExtendFailed':
      return { ...state, status: event.data.status, pending: null };
    case 'VolumeExtendDeferredToCompute':
      // The backend's part is done: the volume now waits on the compute service, not on a job.
      return {
        ...state,
        admin_metadata: {
          ...state.admin_metadata,
          extend_new_size: String(event.data.new_size),
          extend_reservations: JSON.stringify(event.data.reservations),
        },
        pending: null,
      };
    case 'VolumeExtendCompletionRecorded':
      return {
        ...state,
        size: event.data.size,
        status: event.data.status,
        admin_metadata: omitKeys(state.admin_metadata, 'extend_new_size', 'extend_reservations'),
        pending: null,
      };
  }
}
