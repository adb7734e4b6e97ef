import { given } from '../testing/decider-specification';
import { attached, available, inStatus, NO_COMPUTE_OBJECTION, NOW, statusReset, VOLUME_ID } from '../testing/volume-fixtures';
import type { VolumeEvent } from '../volume-events';
import type { AttachVolume } from './attach-detach';

const attach = (overrides: Partial<AttachVolume['data']> = {}): AttachVolume => ({
  type: 'AttachVolume',
  volume_id: VOLUME_ID,
  data: {
    attachment_id: 'a9',
    instance_uuid: 'server-9',
    host_name: null,
    mountpoint: '/dev/vdc',
    mode: 'rw',
    now: NOW,
    ...overrides,
  },
});
const attachedAs = (overrides: Partial<Extract<VolumeEvent, { type: 'VolumeAttached' }>['data']> = {}): VolumeEvent => ({
  type: 'VolumeAttached',
  data: {
    attachment_id: 'a9',
    instance_uuid: 'server-9',
    attached_host: null,
    mountpoint: '/dev/vdc',
    attach_mode: 'rw',
    attached_at: NOW,
    readonly: 'False',
    status: 'in-use',
    attach_status: 'attached',
    ...overrides,
  },
});
const detach = (attachment_id: string | null, facts = NO_COMPUTE_OBJECTION) => ({
  type: 'DetachVolume' as const,
  volume_id: VOLUME_ID,
  data: { attachment_id, ...facts },
});
const SERVICE = { caller_is_service: true, attachments_in_use_by_compute: [] };
const UNKNOWN_ATTACHMENT = 'ConflictNovaUsingAttachment: Detach volume from instance  using the Compute API';
const readonlyVolume: VolumeEvent = { type: 'VolumeReadonlyFlagUpdated', data: { readonly: 'True' } };

describe('os-attach', () => {
  describe('when the volume does not exist', () => {
    it('refuses as not found', () => {
      given().when(attach()).thenThrows('volume_not_found', `Volume ${VOLUME_ID} could not be found.`);
    });
  });

  describe('when available', () => {
    it('records the attachment, in-use and attached, defaulting readonly to False', () => {
      given(...available())
        .when(attach())
        .then([attachedAs()])
        .leaving({
          status: 'in-use',
          attach_status: 'attached',
          admin_metadata: { readonly: 'False', attached_mode: 'rw' },
          attachments: [
            {
              id: 'a9',
              attach_status: 'attached',
              instance_uuid: 'server-9',
              attached_host: null,
              mountpoint: '/dev/vdc',
              attach_mode: 'rw',
              connection_info: null,
              attached_at: NOW,
            },
          ],
        });
    });

    it('records a host attachment under its sanitized name', () => {
      given(...available())
        .when(attach({ instance_uuid: null, host_name: ' My_Host.Example. ' }))
        .then([attachedAs({ instance_uuid: null, attached_host: 'my-host.example' })]);
    });

    it('refuses read-write on a readonly volume', () => {
      given(...available(), readonlyVolume)
        .when(attach())
        .thenThrows('bad_request', `Invalid attaching mode 'rw' for volume ${VOLUME_ID}.`);
    });

    it('attaches a readonly volume read-only', () => {
      given(...available(), readonlyVolume)
        .when(attach({ mode: 'ro' }))
        .then([attachedAs({ attach_mode: 'ro', readonly: 'True' })]);
    });
  });

  describe.each(['error', 'reserved', 'attaching', 'extending'] as const)('when %s', (status) => {
    it('attaches: os-attach has no status precondition', () => {
      given(...inStatus(status)).when(attach()).then([attachedAs()]);
    });
  });

  describe('when in maintenance', () => {
    it('refuses, before the readonly check', () => {
      given(...available(), readonlyVolume, statusReset('maintenance'))
        .when(attach())
        .thenThrows('invalid_volume', 'The volume cannot be attached in maintenance mode.');
    });
  });

  describe('when in-use', () => {
    const inUse = [...available(), attached('a1')];

    it('refuses a second attachment of a volume that is not multiattach', () => {
      given(...inUse)
        .when(attach())
        .thenThrows('invalid_volume', 'volume is already attached and multiple attachments are not enabled');
    });

    it('only marks the volume in-use again when the same server attaches it again', () => {
      given(...inUse)
        .when(attach({ instance_uuid: 'server-a1' }))
        .then([{ type: 'VolumeAttachRepeated', data: { attachment_id: 'a1', readonly: 'False', status: 'in-use' } }])
        .leaving({ attachments: [expect.objectContaining({ id: 'a1' })] });
    });

    it('matches a host attachment on the sanitized host name', () => {
      given(...available(), attached('h1', { instance_uuid: null, attached_host: 'node-1' }))
        .when(attach({ instance_uuid: null, host_name: 'Node_1' }))
        .then([{ type: 'VolumeAttachRepeated', data: { attachment_id: 'h1', readonly: 'False', status: 'in-use' } }]);
    });

    it('lets a second attachment through while the volume has any migration status', () => {
      given(...inUse, statusReset('in-use', { attach_status: 'attached', migration_status: 'success' }))
        .when(attach())
        .then([attachedAs()]);
    });
  });

  describe('when in-use and multiattach', () => {
    it('records a second attachment', () => {
      given(...available({ multiattach: true }), attached('a1'))
        .when(attach())
        .then([attachedAs()])
        .leaving({ attachments: [expect.objectContaining({ id: 'a1' }), expect.objectContaining({ id: 'a9' })] });
    });
  });

  describe('when attaching (reserved) after a read-write attachment', () => {
    const reserved = [...available({ multiattach: true }), attached('a1'), { type: 'VolumeReserved', data: { status: 'attaching' } } as VolumeEvent];

    it('refuses another mode', () => {
      given(...reserved).when(attach({ mode: 'ro' })).thenThrows('invalid_volume', 'being attached by different mode');
    });

    it('attaches in the same mode', () => {
      given(...reserved).when(attach()).then([attachedAs()]);
    });
  });
});

describe('os-detach', () => {
  describe('when in-use with one attachment', () => {
    const inUse = [...available(), attached('a1')];

    it('detaches it without an id, available and detached, dropping attached_mode', () => {
      given(...inUse)
        .when(detach(null))
        .then([{ type: 'VolumeDetached', data: { attachment_id: 'a1', status: 'available', attach_status: 'detached' } }])
        .leaving({ status: 'available', attach_status: 'detached', attachments: [], admin_metadata: { readonly: 'False' } });
    });

    it('refuses an id it does not know with the compute-service conflict', () => {
      given(...inUse).when(detach('zzz')).thenThrows('conflict', UNKNOWN_ATTACHMENT);
    });

    it('for a service, an unknown id only recomputes the status', () => {
      given(...inUse, statusReset('detaching', { attach_status: 'attached' }))
        .when(detach('zzz', SERVICE))
        .then([{ type: 'VolumeDetached', data: { attachment_id: 'zzz', status: 'in-use', attach_status: 'attached' } }]);
    });
  });

  describe('when in-use with two attachments', () => {
    const inUse = [...available({ multiattach: true }), attached('a1'), attached('a2')];

    it('detaches the one named, staying in-use', () => {
      given(...inUse)
        .when(detach('a2'))
        .then([{ type: 'VolumeDetached', data: { attachment_id: 'a2', status: 'in-use', attach_status: 'attached' } }])
        .leaving({ attachments: [expect.objectContaining({ id: 'a1' })] });
    });

    it('refuses a user who names none: the attachment is unknown', () => {
      given(...inUse).when(detach(null)).thenThrows('conflict', UNKNOWN_ATTACHMENT);
    });

    it('refuses a service that names none', () => {
      given(...inUse)
        .when(detach(null, SERVICE))
        .thenThrows('invalid_volume', 'Detach volume failed: More than one attachment, but no attachment_id provided.');
    });
  });

  describe('when available without attachments', () => {
    it('records available and detached, keeping attached_mode', () => {
      given(...available())
        .when(detach(null))
        .then([{ type: 'VolumeDetached', data: { attachment_id: null, status: 'available', attach_status: 'detached' } }]);
    });
  });

  describe.each(['error', 'available', 'detaching', 'reserved'] as const)('when %s with an attachment', (status) => {
    it('detaches: os-detach has no status precondition', () => {
      given(...available(), attached('a1'), statusReset(status, { attach_status: 'attached' }))
        .when(detach('a1'))
        .then([{ type: 'VolumeDetached', data: { attachment_id: 'a1', status: 'available', attach_status: 'detached' } }]);
    });
  });

  describe('when uploading with its last attachment', () => {
    it('keeps uploading, for the upload to set the status when it ends', () => {
      given(...available(), attached('a1'), statusReset('uploading', { attach_status: 'attached' }))
        .when(detach('a1'))
        .then([{ type: 'VolumeDetached', data: { attachment_id: 'a1', status: 'uploading', attach_status: 'detached' } }]);
    });
  });

  describe('when in maintenance', () => {
    it('refuses', () => {
      given(...available(), attached('a1'), statusReset('maintenance'))
        .when(detach('a1'))
        .thenThrows('invalid_volume', 'The volume cannot be detached in maintenance mode.');
    });

    it('answers the compute-service conflict first', () => {
      given(...available({ multiattach: true }), attached('a1'), attached('a2'), statusReset('maintenance'))
        .when(detach(null))
        .thenThrows('conflict', UNKNOWN_ATTACHMENT);
    });
  });
});
