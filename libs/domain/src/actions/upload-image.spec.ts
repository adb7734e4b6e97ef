import { given } from '../testing/decider-specification';
import { attached, available, inStatus, statusReset, VOLUME_ID } from '../testing/volume-fixtures';
import type { VolumeEvent } from '../volume-events';
import type { UploadVolumeToImage } from './upload-image';

const upload = (overrides: Partial<UploadVolumeToImage['data']> = {}): UploadVolumeToImage => ({
  type: 'UploadVolumeToImage',
  volume_id: VOLUME_ID,
  data: {
    operation_id: 'op-upload',
    image_id: 'img-1',
    image_name: 'test',
    disk_format: 'raw',
    container_format: 'bare',
    force: false,
    enable_force_upload: false,
    allow_compression_on_image_upload: false,
    ...overrides,
  },
});
const requested = (previous_status: 'available' | 'in-use' = 'available', container_format = 'bare'): VolumeEvent => ({
  type: 'VolumeUploadToImageRequested',
  data: { operation_id: 'op-upload', image_id: 'img-1', image_name: 'test', disk_format: 'raw', container_format, previous_status },
});
const complete = (operation_id = 'op-upload') => ({
  type: 'CompleteVolumeUploadToImage' as const,
  volume_id: VOLUME_ID,
  data: { operation_id },
});
const fail = () => ({
  type: 'FailVolumeUploadToImage' as const,
  volume_id: VOLUME_ID,
  data: { operation_id: 'op-upload', reason: 'glance down' },
});
const ENCRYPTED_FORMAT =
  "An encrypted volume uploaded as an image must use 'raw' disk_format and 'bare' container_format, which are the " +
  'defaults for these options.';

describe('os-volume_upload_image', () => {
  describe('when available', () => {
    it('records the upload, remembering the status', () => {
      given(...available())
        .when(upload())
        .then([requested()])
        .leaving({ status: 'uploading', previous_status: 'available', pending: { kind: 'upload', operation_id: 'op-upload', image_id: 'img-1' } });
    });

    it('refuses an encrypted volume in another format', () => {
      given(...available({ encryption_key_id: 'k1' })).when(upload({ disk_format: 'qcow2' })).thenThrows('bad_request', ENCRYPTED_FORMAT);
      given(...available({ encryption_key_id: 'k1' })).when(upload({ container_format: 'ova' })).thenThrows('bad_request', ENCRYPTED_FORMAT);
    });

    it('uploads an encrypted volume as raw and bare', () => {
      given(...available({ encryption_key_id: 'k1' })).when(upload()).then([requested()]);
    });

    it('refuses a compressed container unless the operator allows it', () => {
      given(...available())
        .when(upload({ container_format: 'compressed' }))
        .thenThrows('bad_request', 'Image compression upload disallowed, but container_format is compressed');
      given(...available())
        .when(upload({ container_format: 'compressed', allow_compression_on_image_upload: true }))
        .then([requested('available', 'compressed')]);
    });
  });

  describe('when in-use', () => {
    const inUse = [...available(), attached('a1')];

    it('refuses without force', () => {
      given(...inUse).when(upload()).thenThrows('invalid_volume', `Volume ${VOLUME_ID} status must be available`);
    });

    it('ignores force unless enable_force_upload is set', () => {
      given(...inUse).when(upload({ force: true })).thenThrows('invalid_volume', `Volume ${VOLUME_ID} status must be available`);
    });

    it('uploads with force when enable_force_upload is set', () => {
      given(...inUse).when(upload({ force: true, enable_force_upload: true })).then([requested('in-use')]);
    });

    it('checks the encryption format before the status', () => {
      given(...available({ encryption_key_id: 'k1' }), attached('a1'))
        .when(upload({ disk_format: 'vmdk' }))
        .thenThrows('bad_request', ENCRYPTED_FORMAT);
    });
  });

  describe.each(['error', 'maintenance', 'extending'] as const)('when %s', (status) => {
    it('refuses, naming both statuses force would allow', () => {
      given(...inStatus(status))
        .when(upload({ force: true, enable_force_upload: true }))
        .thenThrows('invalid_volume', `Volume ${VOLUME_ID} status must be available or in-use`);
    });
  });

  describe('when uploading', () => {
    it('records success, status by attachments rather than previous_status', () => {
      given(...available(), attached('a1'), statusReset('available', { attach_status: 'attached' }), requested())
        .when(complete())
        .then([{ type: 'VolumeUploadedToImage', data: { operation_id: 'op-upload', image_id: 'img-1', status: 'in-use' } }])
        .leaving({ status: 'in-use', pending: null });
    });

    it('records failure the same way', () => {
      given(...available(), requested())
        .when(fail())
        .then([
          { type: 'VolumeUploadToImageFailed', data: { operation_id: 'op-upload', image_id: 'img-1', reason: 'glance down', status: 'available' } },
        ])
        .leaving({ status: 'available', pending: null });
    });

    it('ignores another operation, and a result arriving twice', () => {
      given(...available(), requested()).when(complete('other')).thenNothingHappened();
      const done: VolumeEvent = { type: 'VolumeUploadedToImage', data: { operation_id: 'op-upload', image_id: 'img-1', status: 'available' } };
      given(...available(), requested(), done).when(complete()).thenNothingHappened();
    });
  });
});
