import type { VolumeEvent } from './volume-events';
import type { AttachStatus, VolumeStatus } from './volume-status';

/** A backend operation the volume is waiting on; completions for any other operation are ignored. */
export interface PendingOperation {
  kind: 'create' | 'extend';
  operation_id: string;
  new_size?: number;
}

export interface Attachment {
  id: string;
  attach_status: string;
  instance_uuid: string | null;
  attached_host: string | null;
  mountpoint: string | null;
}

export interface ExistingVolume {
  exists: true;
  id: string;
  project_id: string;
  user_id: string;
  status: VolumeStatus;
  previous_status: VolumeStatus | null;
  attach_status: AttachStatus;
  migration_status: string | null;
  size: number;
  name: string | null;
  description: string | null;
  availability_zone: string;
  volume_type: string | null;
  metadata: Record<string, string>;
  bootable: boolean;
  multiattach: boolean;
  host: string | null;
  provider_location: string | null;
  attachments: Attachment[];
  created_at: string;
  pending: PendingOperation | null;
}

export type VolumeState = { exists: false } | ExistingVolume;

export const initialState = (): VolumeState => ({ exists: false });

export function evolve(state: VolumeState, event: VolumeEvent): VolumeState {
  if (event.type === 'VolumeCreateRequested') {
    const d = event.data;
    return {
      exists: true,
      id: d.volume_id,
      project_id: d.project_id,
      user_id: d.user_id,
      status: 'creating',
      previous_status: null,
      attach_status: 'detached',
      migration_status: null,
      size: d.size,
      name: d.name,
      description: d.description,
      availability_zone: d.availability_zone,
      volume_type: d.volume_type,
      metadata: d.metadata,
      bootable: false,
      multiattach: d.multiattach,
      host: d.host,
      provider_location: null,
      attachments: [],
      created_at: d.created_at,
      pending: { kind: 'create', operation_id: d.operation_id },
    };
  }
  if (!state.exists) return state;

  switch (event.type) {
    case 'VolumeCreated':
      return {
        ...state,
        status: 'available',
        host: event.data.host,
        provider_location: event.data.provider_location,
        pending: null,
      };
    case 'VolumeCreateFailed':
      return { ...state, status: 'error', pending: null };
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
    default: {
      const unexpected: never = event;
      return unexpected;
    }
  }
}

export const fold = (events: Iterable<VolumeEvent>, from: VolumeState = initialState()): VolumeState => {
  let state = from;
  for (const event of events) state = evolve(state, event);
  return state;
};
