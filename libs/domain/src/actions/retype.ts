import { isPending } from '../guards';
import { invalidInput, invalidVolume } from '../volume-errors';
import type { ExistingVolume, Placement, VolumeState } from '../volume-state';
import { isMigrating, type VolumeStatus } from '../volume-status';
import { checkSizeAgainstType } from '../type-size-limits';

/** The type a retype asks for, found by the handler by id or name (it answers the 404 itself). */
export interface RetypeTarget {
  id: string;
  name: string;
  /** Its `multiattach` extra spec is `<is> True`. */
  multiattach: boolean;
  /** Its extra specs hold an `encryption` key (Cinder's `_is_encrypted`). */
  encrypted: boolean;
  /** Its `provisioning:min_vol_size` / `provisioning:max_vol_size` extra specs. */
  min_size?: number;
  max_size?: number;
}

/** os-retype. */
export interface RetypeVolume {
  type: 'RetypeVolume';
  volume_id: string;
  data: {
    operation_id: string;
    new_type: RetypeTarget;
    migration_policy: 'never' | 'on-demand' | null;
    /** The two types' front-end (or both-ends) QoS specs differ, which an in-use volume cannot take. */
    front_end_qos_changes: boolean;
  };
}

/** The backend retyped the volume, in place or (`migrated_to`) by migrating it. */
export interface CompleteVolumeRetype {
  type: 'CompleteVolumeRetype';
  volume_id: string;
  data: { operation_id: string; migrated_to?: Placement };
}

/** `migration_failed`: the retype needed a migration, and the migration failed. */
export interface FailVolumeRetype {
  type: 'FailVolumeRetype';
  volume_id: string;
  data: { operation_id: string; reason: string; migration_failed?: boolean };
}

export type RetypeCommand = RetypeVolume | CompleteVolumeRetype | FailVolumeRetype;

/**
 * `multiattach` is the target type's: Cinder writes it as soon as the retype is cast, and keeps it
 * even when the retype then fails.
 */
export interface VolumeRetypeRequested {
  type: 'VolumeRetypeRequested';
  data: {
    operation_id: string;
    new_type: { id: string; name: string };
    migration_policy: 'never' | 'on-demand' | null;
    previous_status: VolumeStatus;
    multiattach: boolean;
  };
}

export interface VolumeRetyped {
  type: 'VolumeRetyped';
  data: Placement & {
    operation_id: string;
    volume_type_id: string;
    volume_type: string;
    status: VolumeStatus;
    migration_status: string | null;
  };
}

export interface VolumeRetypeFailed {
  type: 'VolumeRetypeFailed';
  data: { operation_id: string; reason: string; status: VolumeStatus; migration_status: string | null };
}

export type RetypeEvent = VolumeRetypeRequested | VolumeRetyped | VolumeRetypeFailed;

/**
 * cinder/volume/api.py `retype`. The project's per-type quota (413, between the multiattach checks
 * and the status check in Cinder) is the handler's, after deciding.
 */
export function retypeVolume({ data }: RetypeVolume, volume: ExistingVolume): RetypeEvent[] {
  const { new_type } = data;
  checkSizeAgainstType(volume.size, { min: new_type.min_size, max: new_type.max_size, type_name: new_type.name });
  if (volume.multiattach !== new_type.multiattach && volume.status !== 'available') {
    throw invalidInput(
      'Invalid volume_type passed, retypes affecting multiattach are only allowed on available volumes, ' +
        `the specified volume however currently has a status of: ${volume.status}.`,
    );
  }
  if (new_type.multiattach && new_type.encrypted) {
    throw invalidInput('Retype requested both encryption and multi-attach, which is not supported.');
  }
  const retypable =
    (volume.status === 'available' || (volume.status === 'in-use' && !data.front_end_qos_changes)) &&
    !isMigrating(volume.migration_status) &&
    !volume.group_id &&
    !volume.consistencygroup_id &&
    volume.volume_type_id !== new_type.id;
  if (!retypable) {
    // "different that the one" is Cinder's typo.
    throw invalidVolume(
      'Retype needs volume to be in available or in-use state, not be part of an active migration or a ' +
        'consistency group, requested type has to be different that the one from the volume, and for in-use ' +
        'volumes front-end qos specs cannot change.',
    );
  }
  return [
    {
      type: 'VolumeRetypeRequested',
      data: {
        operation_id: data.operation_id,
        new_type: { id: new_type.id, name: new_type.name },
        migration_policy: data.migration_policy,
        previous_status: volume.status,
        multiattach: new_type.multiattach,
      },
    },
  ];
}

export function completeVolumeRetype({ data }: CompleteVolumeRetype, state: VolumeState): RetypeEvent[] {
  if (!isPending(state, 'retype', data.operation_id, 'retyping')) return [];
  const { id, name } = state.pending!.new_type!;
  const placement = data.migrated_to ?? {
    host: state.host!,
    cluster_name: state.cluster_name,
    provider_location: state.provider_location,
  };
  return [
    {
      type: 'VolumeRetyped',
      data: {
        operation_id: data.operation_id,
        volume_type_id: id,
        volume_type: name,
        ...placement,
        status: restoredStatus(state),
        migration_status: data.migrated_to ? 'success' : state.migration_status,
      },
    },
  ];
}

export function failVolumeRetype({ data }: FailVolumeRetype, state: VolumeState): RetypeEvent[] {
  if (!isPending(state, 'retype', data.operation_id, 'retyping')) return [];
  return [
    {
      type: 'VolumeRetypeFailed',
      data: {
        operation_id: data.operation_id,
        reason: data.reason,
        status: restoredStatus(state),
        migration_status: data.migration_failed ? 'error' : state.migration_status,
      },
    },
  ];
}

/** Success or failure, the volume goes back to the status it had before (Cinder: "or current"). */
const restoredStatus = (volume: ExistingVolume) => volume.previous_status ?? volume.status;

export function evolveRetype(state: ExistingVolume, event: RetypeEvent): ExistingVolume {
  switch (event.type) {
    case 'VolumeRetypeRequested': {
      const { operation_id, new_type, previous_status, multiattach } = event.data;
      return {
        ...state,
        status: 'retyping',
        previous_status,
        multiattach,
        pending: { kind: 'retype', operation_id, new_type },
      };
    }
    case 'VolumeRetyped': {
      const { volume_type_id, volume_type, host, cluster_name, provider_location, status, migration_status } =
        event.data;
      return {
        ...state,
        volume_type_id,
        volume_type,
        host,
        cluster_name,
        provider_location,
        status,
        migration_status,
        pending: null,
      };
    }
    case 'VolumeRetypeFailed':
      return { ...state, status: event.data.status, migration_status: event.data.migration_status, pending: null };
  }
}
