import { isPending } from '../guards';
import { conflict } from '../volume-errors';
import type { ExistingVolume, VolumeState } from '../volume-state';

/**
 * What the handler may know of a new volume beyond the request (its type's id, its encryption
 * key, its group, ...). Optional: streams written before these were recorded lack them.
 */
export interface VolumeCreateFacts {
  volume_type_id?: string | null;
  cluster_name?: string | null;
  encryption_key_id?: string | null;
  group_id?: string | null;
  consistencygroup_id?: string | null;
  replication_status?: string | null;
}

/** What a create asks for, as the command carries it and the event records it. */
export interface VolumeCreateRequest extends VolumeCreateFacts {
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
  /** The pool the scheduler chose; null when no backend could hold the volume. */
  host: string | null;
}

export interface CreateVolume {
  type: 'CreateVolume';
  volume_id: string;
  data: VolumeCreateRequest & { now: string };
}

/** The backend reports the volume's storage exists. */
export interface CompleteVolumeCreate {
  type: 'CompleteVolumeCreate';
  volume_id: string;
  data: { operation_id: string; host: string; provider_location: string };
}

export interface FailVolumeCreate {
  type: 'FailVolumeCreate';
  volume_id: string;
  data: { operation_id: string; reason: string };
}

export type CreateCommand = CreateVolume | CompleteVolumeCreate | FailVolumeCreate;

export interface VolumeCreateRequested {
  type: 'VolumeCreateRequested';
  data: VolumeCreateRequest & { volume_id: string; created_at: string };
}

export interface VolumeCreated {
  type: 'VolumeCreated';
  data: { operation_id: string; host: string; provider_location: string };
}

export interface VolumeCreateFailed {
  type: 'VolumeCreateFailed';
  data: { operation_id: string; reason: string };
}

export type CreateEvent = VolumeCreateRequested | VolumeCreated | VolumeCreateFailed;

export function createVolume({ volume_id, data }: CreateVolume, state: VolumeState): CreateEvent[] {
  if (state.exists) throw conflict(`Volume ${volume_id} already exists.`);
  const { now, ...rest } = data;
  return [{ type: 'VolumeCreateRequested', data: { volume_id, ...rest, created_at: now } }];
}

export function completeVolumeCreate({ data }: CompleteVolumeCreate, state: VolumeState): CreateEvent[] {
  if (!isPending(state, 'create', data.operation_id)) return [];
  return [{ type: 'VolumeCreated', data }];
}

export function failVolumeCreate({ data }: FailVolumeCreate, state: VolumeState): CreateEvent[] {
  if (!isPending(state, 'create', data.operation_id)) return [];
  return [{ type: 'VolumeCreateFailed', data }];
}

export function volumeCreateRequested({ data: d }: VolumeCreateRequested): ExistingVolume {
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
    volume_type_id: d.volume_type_id ?? null,
    metadata: d.metadata,
    admin_metadata: {},
    volume_image_metadata: {},
    bootable: false,
    multiattach: d.multiattach,
    host: d.host,
    cluster_name: d.cluster_name ?? null,
    provider_location: null,
    encryption_key_id: d.encryption_key_id ?? null,
    group_id: d.group_id ?? null,
    consistencygroup_id: d.consistencygroup_id ?? null,
    replication_status: d.replication_status ?? null,
    attachments: [],
    snapshots: [],
    created_at: d.created_at,
    terminated_at: null,
    deleted: false,
    pending: { kind: 'create', operation_id: d.operation_id },
    migration: null,
  };
}

export function evolveCreate(state: ExistingVolume, event: VolumeCreated | VolumeCreateFailed): ExistingVolume {
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
  }
}
