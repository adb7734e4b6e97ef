import { given } from '../testing/decider-specification';
import { attached, available, inStatus, VOLUME_ID } from '../testing/volume-fixtures';
import type { VolumeEvent } from '../volume-events';
import type { ResetVolumeStatus } from './reset-status';

const reset = (data: ResetVolumeStatus['data']): ResetVolumeStatus => ({ type: 'ResetVolumeStatus', volume_id: VOLUME_ID, data });
const resetTo = (data: Partial<Extract<VolumeEvent, { type: 'VolumeStatusReset' }>['data']>): VolumeEvent => ({
  type: 'VolumeStatusReset',
  data: { status: 'available', attach_status: 'detached', migration_status: null, attachments_removed: false, ...data },
});

describe('os-reset_status', () => {
  describe('when the body names no field', () => {
    it('refuses before looking the volume up', () => {
      given()
        .when(reset({ status: null, attach_status: '', migration_status: undefined }))
        .thenThrows('bad_request', "Must specify 'status', 'attach_status' or 'migration_status' for update.");
    });
  });

  describe('when the volume does not exist', () => {
    it('refuses as not found', () => {
      given().when(reset({ status: 'available' })).thenThrows('volume_not_found', `Volume ${VOLUME_ID} could not be found.`);
    });
  });

  describe('when available', () => {
    it('writes the status as given, whatever it was', () => {
      given(...available()).when(reset({ status: 'error' })).then([resetTo({ status: 'error' })]).leaving({ status: 'error' });
    });

    it('refuses deleting', () => {
      given(...available()).when(reset({ status: 'deleting' })).thenThrows('bad_request', 'Cannot reset-state to deleting');
    });

    it("accepts error_deleting and detaching (Cinder's guard tuple lacks a comma)", () => {
      given(...available()).when(reset({ status: 'error_deleting' })).then([resetTo({ status: 'error_deleting' })]);
      given(...available()).when(reset({ status: 'detaching' })).then([resetTo({ status: 'detaching' })]);
    });

    it('refuses in-use without attachments', () => {
      given(...available())
        .when(reset({ status: 'in-use' }))
        .thenThrows('bad_request', 'Cannot reset-state to in-use because volume does not have any attachments.');
    });

    it('checks deleting before the volume is needed for anything else', () => {
      given(...available())
        .when(reset({ status: 'deleting', attach_status: 'detached' }))
        .thenThrows('bad_request', 'Cannot reset-state to deleting');
    });

    it('stores migration_status none as no migration', () => {
      given(...inStatus('available', { migration_status: 'migrating' }))
        .when(reset({ migration_status: 'none' }))
        .then([resetTo({ migration_status: null })])
        .leaving({ migration_status: null });
    });

    it('leaves the fields it was not given', () => {
      given(...inStatus('error', { migration_status: 'error' }))
        .when(reset({ attach_status: 'attached' }))
        .then([resetTo({ status: 'error', attach_status: 'attached', migration_status: 'error' })]);
    });

    it('drops attached_mode on attach_status detached even without attachments', () => {
      given(...available(), attached('a1'), { type: 'VolumeDetached', data: { attachment_id: null, status: 'available', attach_status: 'detached' } })
        .when(reset({ attach_status: 'detached' }))
        .then([resetTo({ attachments_removed: true })])
        .leaving({ admin_metadata: { readonly: 'False' }, attachments: [] });
    });
  });

  describe('when in-use', () => {
    const inUse = [...available(), attached('a1'), attached('a2')];

    it('accepts in-use, as it has attachments', () => {
      given(...inUse).when(reset({ status: 'in-use' })).then([resetTo({ status: 'in-use', attach_status: 'attached' })]);
    });

    it('with attach_status detached, deletes every attachment and recomputes: error becomes available', () => {
      given(...inUse)
        .when(reset({ status: 'error', attach_status: 'detached' }))
        .then([resetTo({ status: 'available', attach_status: 'detached', attachments_removed: true })])
        .leaving({ status: 'available', attach_status: 'detached', attachments: [], admin_metadata: { readonly: 'False' } });
    });

    it('while a migration hides the last detach, keeps the status the previous deletion recomputed', () => {
      given(...inUse)
        .when(reset({ status: 'error', attach_status: 'detached', migration_status: 'migrating' }))
        .then([resetTo({ status: 'in-use', attach_status: 'detached', migration_status: 'migrating', attachments_removed: true })]);
    });

    it('with a single attachment and a migration in progress, keeps the requested status', () => {
      given(...available(), attached('a1'))
        .when(reset({ status: 'error', attach_status: 'detached', migration_status: 'migrating' }))
        .then([resetTo({ status: 'error', attach_status: 'detached', migration_status: 'migrating', attachments_removed: true })]);
    });

    it('recomputes to available when the migration has finished', () => {
      given(...inUse)
        .when(reset({ status: 'error', attach_status: 'detached', migration_status: 'success' }))
        .then([resetTo({ status: 'available', migration_status: 'success', attachments_removed: true })]);
    });
  });

  describe('when uploading with an attachment', () => {
    it('keeps uploading: the upload sets the status when it ends', () => {
      given(...available(), attached('a1'), resetTo({ status: 'uploading', attach_status: 'attached' }))
        .when(reset({ attach_status: 'detached' }))
        .then([resetTo({ status: 'uploading', attach_status: 'detached', attachments_removed: true })]);
    });
  });

  describe('when deleted', () => {
    it('refuses as not found', () => {
      given(...available(), { type: 'VolumeDeleted', data: { operation_id: 'd' } })
        .when(reset({ status: 'available' }))
        .thenThrows('volume_not_found', `Volume ${VOLUME_ID} could not be found.`);
    });
  });
});
