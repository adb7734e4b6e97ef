import {
  assertAttachmentDeletionAllowed,
  type AttachmentDeletionFacts,
} from '../attachment-deletion-guard';
import { invalidInput, invalidVolume } from '../volume-errors';
import type { ExistingVolume } from '../volume-state';
import { unreserve, type VolumeUnreserved } from './reserve';

/** A compute host's connector, as the client sent it (the schema also lets a string or null through). */
export type Connector = Record<string, unknown> | string | null;

/**
 * os-initialize_connection (synchronous). The handler first has the backend validate the
 * connector; `connector_error` is its reason when it refuses (null when it accepts).
 */
export interface InitializeVolumeConnection {
  type: 'InitializeVolumeConnection';
  volume_id: string;
  data: { connector: Connector; connector_error: string | null };
}

/** os-terminate_connection (synchronous): tear down the export, then unreserve. */
export interface TerminateVolumeConnection {
  type: 'TerminateVolumeConnection';
  volume_id: string;
  data: AttachmentDeletionFacts & { connector: Connector };
}

export type ConnectionCommand = InitializeVolumeConnection | TerminateVolumeConnection;

/**
 * What the volume contributes to the connection info: `access_mode` from admin metadata and
 * whether it is `encrypted`. The backend's own connection info (which may hold target secrets)
 * is answered to the caller and never stored.
 */
export interface VolumeConnectionInitialized {
  type: 'VolumeConnectionInitialized';
  data: { connector: Connector; access_mode: 'rw' | 'ro'; encrypted: boolean };
}

export interface VolumeConnectionTerminated {
  type: 'VolumeConnectionTerminated';
  data: { connector: Connector };
}

export type ConnectionEvent = VolumeConnectionInitialized | VolumeConnectionTerminated;

/** What a backend answers for a connection: Cinder's `connection_info`. */
export interface ConnectionInfo {
  driver_volume_type: string;
  data: Record<string, unknown>;
}

/** cinder/volume/api.py `initialize_connection`, then what the manager adds to the driver's answer. */
export function initializeVolumeConnection(
  { data }: InitializeVolumeConnection,
  volume: ExistingVolume,
): ConnectionEvent[] {
  if (volume.status === 'maintenance') {
    throw invalidVolume('The volume connection cannot be initialized in maintenance mode.');
  }
  if (data.connector_error !== null) throw invalidInput(data.connector_error);
  // No os-attach yet means no attached_mode: the readonly flag decides.
  const access_mode = (volume.admin_metadata.attached_mode ??
    (volume.admin_metadata.readonly === 'True' ? 'ro' : 'rw')) as 'rw' | 'ro';
  return [
    {
      type: 'VolumeConnectionInitialized',
      data: { connector: data.connector, access_mode, encrypted: volume.encryption_key_id !== null },
    },
  ];
}

/** The connection info to answer: the backend's, with the volume's access mode; `encrypted` unless the driver set it. */
export function connectionInfo(backend: ConnectionInfo, { data }: VolumeConnectionInitialized): ConnectionInfo {
  const encrypted = backend.data.encrypted ?? data.encrypted;
  return { ...backend, data: { ...backend.data, access_mode: data.access_mode, encrypted } };
}

/** No maintenance check here, unlike detach. */
export function terminateVolumeConnection(
  { data }: TerminateVolumeConnection,
  volume: ExistingVolume,
): (VolumeConnectionTerminated | VolumeUnreserved)[] {
  return terminateConnection(volume, data);
}

export function terminateConnection(
  volume: ExistingVolume,
  data: AttachmentDeletionFacts & { connector: Connector },
): (VolumeConnectionTerminated | VolumeUnreserved)[] {
  assertAttachmentDeletionAllowed(volume, null, data);
  return [{ type: 'VolumeConnectionTerminated', data: { connector: data.connector } }, ...unreserve(volume)];
}

/** A connection leaves no trace in the volume's state; the events are its audit trail. */
export function evolveConnections(state: ExistingVolume, _event: ConnectionEvent): ExistingVolume {
  return state;
}
