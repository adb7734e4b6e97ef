import type { VolumeStatus } from './volume-status';

/**
 * The facts recorded in a volume's stream. Type strings are stored and must never change; a change
 * of meaning gets a new event name, a change of shape a new schema version and an upcaster.
 */

export interface VolumeCreateRequested {
  type: 'VolumeCreateRequested';
  data: {
    volume_id: string;
    operation_id: string;
    project_id: string;
    user_id: string;
    size: number;
    name: string | null;
    description: string | null;
    availability_zone: string;
    volume_type: string | null;
    metadata: Record<string, string>;
    multiattach: boolean;
    host: string;
    created_at: string;
  };
}

export interface VolumeCreated {
  type: 'VolumeCreated';
  data: { operation_id: string; host: string; provider_location: string };
}

export interface VolumeCreateFailed {
  type: 'VolumeCreateFailed';
  data: { operation_id: string; reason: string };
}

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

export type VolumeEvent =
  | VolumeCreateRequested
  | VolumeCreated
  | VolumeCreateFailed
  | VolumeExtendRequested
  | VolumeExtended
  | VolumeExtendFailed;

export type VolumeEventType = VolumeEvent['type'];

/** Current schema version of each event type, written into every stored event's metadata. */
export const EVENT_SCHEMA_VERSIONS: Record<VolumeEventType, number> = {
  VolumeCreateRequested: 1,
  VolumeCreated: 1,
  VolumeCreateFailed: 1,
  VolumeExtendRequested: 1,
  VolumeExtended: 1,
  VolumeExtendFailed: 1,
};

export const VOLUME_EVENT_TYPES = Object.keys(EVENT_SCHEMA_VERSIONS) as VolumeEventType[];

export function isVolumeEventType(type: string): type is VolumeEventType {
  return Object.prototype.hasOwnProperty.call(EVENT_SCHEMA_VERSIONS, type);
}

/**
 * Brings a stored event of an older schema version to the current shape. Every type is at
 * version 1 so far; an upcaster is added here when a shape changes.
 */
export function upcast(type: string, schemaVersion: number, data: Record<string, unknown>): VolumeEvent {
  if (!isVolumeEventType(type)) {
    throw new Error(`Unknown volume event type ${type}`);
  }
  if (schemaVersion > EVENT_SCHEMA_VERSIONS[type]) {
    throw new Error(
      `Event ${type} has schema version ${schemaVersion}, newer than this engine understands ` +
        `(${EVENT_SCHEMA_VERSIONS[type]}); upgrade the engine before reading this stream`,
    );
  }
  return { type, data } as VolumeEvent;
}
