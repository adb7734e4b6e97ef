import {
  assertAttachmentDeletionAllowed,
  type AttachmentDeletionFacts,
} from '../attachment-deletion-guard';
import { sanitizeHostname } from '../cinder-utils';
import { statusAfterDetach } from '../detach-status';
import { omitKeys } from '../records';
import { badRequest, invalidVolume } from '../volume-errors';
import type { ExistingVolume } from '../volume-state';
import type { AttachStatus, VolumeStatus } from '../volume-status';

/** os-attach (legacy compute flow; synchronous). The handler mints `attachment_id`. */
export interface AttachVolume {
  type: 'AttachVolume';
  volume_id: string;
  data: {
    attachment_id: string;
    instance_uuid: string | null;
    host_name: string | null;
    mountpoint: string;
    mode: 'rw' | 'ro';
    now: string;
  };
}

/** os-detach (synchronous). */
export interface DetachVolume {
  type: 'DetachVolume';
  volume_id: string;
  data: AttachmentDeletionFacts & { attachment_id: string | null };
}

export type AttachDetachCommand = AttachVolume | DetachVolume;

/** `readonly`: the admin metadata flag, which an attach writes as "False" when it is missing. */
export interface VolumeAttached {
  type: 'VolumeAttached';
  data: {
    attachment_id: string;
    instance_uuid: string | null;
    attached_host: string | null;
    mountpoint: string;
    attach_mode: 'rw' | 'ro';
    attached_at: string;
    readonly: string;
    status: VolumeStatus;
    attach_status: AttachStatus;
  };
}

/** The server (or host) already had an attachment of this volume: Cinder only marks it in-use. */
export interface VolumeAttachRepeated {
  type: 'VolumeAttachRepeated';
  data: { attachment_id: string; readonly: string; status: VolumeStatus };
}

/**
 * `attachment_id`: the attachment removed (or named but unknown, which still recomputes the
 * status and drops `attached_mode`); null when the volume had none to remove.
 */
export interface VolumeDetached {
  type: 'VolumeDetached';
  data: { attachment_id: string | null; status: VolumeStatus; attach_status: AttachStatus };
}

export type AttachDetachEvent = VolumeAttached | VolumeAttachRepeated | VolumeDetached;

/**
 * cinder/volume/api.py `attach` then manager `attach_volume`. There is no status precondition
 * (whatever the api-ref says): `error` or `reserved` volumes attach too.
 */
export function attachVolume({ data }: AttachVolume, volume: ExistingVolume): AttachDetachEvent[] {
  if (volume.status === 'maintenance') throw invalidVolume('The volume cannot be attached in maintenance mode.');
  const readonly = volume.admin_metadata.readonly ?? 'False';
  if (readonly === 'True' && data.mode !== 'ro') {
    throw badRequest(`Invalid attaching mode '${data.mode}' for volume ${volume.id}.`);
  }
  const attachedMode = volume.admin_metadata.attached_mode;
  if (volume.status === 'attaching' && attachedMode && attachedMode !== data.mode) {
    throw invalidVolume('being attached by different mode');
  }
  const host = data.host_name ? sanitizeHostname(data.host_name) : null;
  const same = volume.attachments.find(
    (attachment) =>
      attachment.attach_status !== 'detached' &&
      (data.instance_uuid ? attachment.instance_uuid === data.instance_uuid : attachment.attached_host === host),
  );
  if (same) return [{ type: 'VolumeAttachRepeated', data: { attachment_id: same.id, readonly, status: 'in-use' } }];
  // Any migration status, even a finished one, lets a second attachment through.
  if (volume.status === 'in-use' && !volume.multiattach && !volume.migration_status) {
    throw invalidVolume('volume is already attached and multiple attachments are not enabled');
  }
  return [
    {
      type: 'VolumeAttached',
      data: {
        attachment_id: data.attachment_id,
        instance_uuid: data.instance_uuid,
        attached_host: host,
        mountpoint: data.mountpoint,
        attach_mode: data.mode,
        attached_at: data.now,
        readonly,
        status: 'in-use',
        attach_status: 'attached',
      },
    },
  ];
}

/** cinder/volume/api.py `detach`: the #2004555 guard, maintenance, then the volume service. */
export function detachVolume({ data }: DetachVolume, volume: ExistingVolume): AttachDetachEvent[] {
  return [detach(volume, data.attachment_id, data)];
}

export function detach(volume: ExistingVolume, attachmentId: string | null, facts: AttachmentDeletionFacts): VolumeDetached {
  assertAttachmentDeletionAllowed(volume, attachmentId, facts);
  if (volume.status === 'maintenance') throw invalidVolume('The volume cannot be detached in maintenance mode.');
  return volumeServiceDetach(volume, attachmentId);
}

/** cinder/volume/manager.py `detach_volume`. */
function volumeServiceDetach(volume: ExistingVolume, attachmentId: string | null): VolumeDetached {
  if (attachmentId === null) {
    if (volume.attachments.length > 1) {
      throw invalidVolume('Detach volume failed: More than one attachment, but no attachment_id provided.');
    }
    if (volume.attachments.length === 0) {
      return { type: 'VolumeDetached', data: { attachment_id: null, status: 'available', attach_status: 'detached' } };
    }
    attachmentId = volume.attachments[0].id;
  }
  const remaining = volume.attachments.filter((attachment) => attachment.id !== attachmentId);
  return { type: 'VolumeDetached', data: { attachment_id: attachmentId, ...statusAfterDetach(volume, remaining) } };
}

export function evolveAttachDetach(state: ExistingVolume, event: AttachDetachEvent): ExistingVolume {
  switch (event.type) {
    case 'VolumeAttached': {
      const { attachment_id, readonly, status, attach_status, ...attachment } = event.data;
      return {
        ...state,
        status,
        attach_status,
        admin_metadata: { ...state.admin_metadata, readonly, attached_mode: attachment.attach_mode },
        attachments: [
          ...state.attachments,
          { id: attachment_id, attach_status: 'attached', connection_info: null, ...attachment },
        ],
      };
    }
    case 'VolumeAttachRepeated':
      return {
        ...state,
        status: event.data.status,
        admin_metadata: { ...state.admin_metadata, readonly: event.data.readonly },
      };
    case 'VolumeDetached': {
      const { attachment_id, status, attach_status } = event.data;
      if (attachment_id === null) return { ...state, status, attach_status };
      return {
        ...state,
        status,
        attach_status,
        attachments: state.attachments.filter((attachment) => attachment.id !== attachment_id),
        admin_metadata: omitKeys(state.admin_metadata, 'attached_mode'),
      };
    }
  }
}
