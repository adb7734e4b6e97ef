import { given } from '../testing/decider-specification';
import { attached, available, inStatus, VOLUME_ID } from '../testing/volume-fixtures';

const setBootable = (bootable: boolean) => ({ type: 'SetVolumeBootable' as const, volume_id: VOLUME_ID, data: { bootable } });
const setReadonly = (readonly: boolean) => ({
  type: 'UpdateVolumeReadonlyFlag' as const,
  volume_id: VOLUME_ID,
  data: { readonly },
});

describe('os-set_bootable', () => {
  describe.each(['available', 'in-use', 'error', 'uploading', 'extending'] as const)('when %s', (status) => {
    it('records the flag', () => {
      given(...inStatus(status))
        .when(setBootable(true))
        .then([{ type: 'VolumeBootableSet', data: { bootable: true } }])
        .leaving({ bootable: true });
    });
  });

  describe('when in maintenance', () => {
    it("refuses with the generic update's message", () => {
      given(...inStatus('maintenance')).when(setBootable(false)).thenThrows('invalid_volume', 'The volume cannot be updated during maintenance.');
    });
  });

  describe('when the volume does not exist', () => {
    it('refuses as not found', () => {
      given().when(setBootable(true)).thenThrows('volume_not_found', `Volume ${VOLUME_ID} could not be found.`);
    });
  });
});

describe('os-update_readonly_flag', () => {
  describe('when available', () => {
    it("records the flag as Cinder's admin metadata string", () => {
      given(...available())
        .when(setReadonly(true))
        .then([{ type: 'VolumeReadonlyFlagUpdated', data: { readonly: 'True' } }])
        .leaving({ admin_metadata: { readonly: 'True' } });
      given(...available()).when(setReadonly(false)).then([{ type: 'VolumeReadonlyFlagUpdated', data: { readonly: 'False' } }]);
    });
  });

  describe('when in-use', () => {
    it('refuses', () => {
      given(...available(), attached('a1'))
        .when(setReadonly(true))
        .thenThrows(
          'invalid_volume',
          `Volume ${VOLUME_ID} status must be available to update readonly flag, but current status is: in-use.`,
        );
    });
  });

  describe.each(['error', 'maintenance', 'reserved'] as const)('when %s', (status) => {
    it('refuses', () => {
      given(...inStatus(status))
        .when(setReadonly(true))
        .thenThrows(
          'invalid_volume',
          `Volume ${VOLUME_ID} status must be available to update readonly flag, but current status is: ${status}.`,
        );
    });
  });
});
