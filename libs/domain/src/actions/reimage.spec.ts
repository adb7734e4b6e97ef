import { given } from '../testing/decider-specification';
import { attached, available, inStatus, statusReset, VOLUME_ID } from '../testing/volume-fixtures';
import type { VolumeEvent } from '../volume-events';
import type { ReimageSource, ReimageVolume } from './reimage';

const GiB = 1024 ** 3;
const image: ReimageSource = { id: 'img-1', status: 'active', size: GiB, min_disk: 0 };
const reimage = (overrides: Partial<ReimageSource> = {}, reimage_reserved = false): ReimageVolume => ({
  type: 'ReimageVolume',
  volume_id: VOLUME_ID,
  data: { operation_id: 'op-reimage', image: { ...image, ...overrides }, reimage_reserved },
});
const requested = (previous_status: 'available' | 'error' | 'reserved'): VolumeEvent => ({
  type: 'VolumeReimageRequested',
  data: { operation_id: 'op-reimage', image_id: 'img-1', previous_status },
});
const complete = () => ({
  type: 'CompleteVolumeReimage' as const,
  volume_id: VOLUME_ID,
  data: { operation_id: 'op-reimage', volume_image_metadata: { image_id: 'img-1', image_name: 'cirros' } },
});
const fail = () => ({
  type: 'FailVolumeReimage' as const,
  volume_id: VOLUME_ID,
  data: { operation_id: 'op-reimage', reason: 'copy failed' },
});

describe('os-reimage', () => {
  describe('when available', () => {
    it('records the re-image, remembering the status', () => {
      given(...available())
        .when(reimage())
        .then([requested('available')])
        .leaving({ status: 'downloading', previous_status: 'available', pending: { kind: 'reimage', operation_id: 'op-reimage', image_id: 'img-1' } });
    });

    it('refuses an image that is not active', () => {
      given(...available()).when(reimage({ status: 'queued' })).thenThrows('invalid_input', 'Image img-1 is not active.');
    });

    it('refuses an image larger than the volume, rounding up to whole GB', () => {
      given(...available())
        .when(reimage({ size: GiB + 1 }))
        .thenThrows('invalid_input', 'Size of specified image 2GB is larger than volume size 1GB.');
    });

    it("refuses a volume below the image's minimum disk", () => {
      given(...available())
        .when(reimage({ min_disk: 2 }))
        .thenThrows('invalid_input', 'Volume size 1GB cannot be smaller than the image minDisk size 2GB.');
    });

    it('refuses a compute-service snapshot image recording a bigger volume', () => {
      given(...available())
        .when(reimage({ boot_volume_snapshot: { snapshot_id: 's1', volume_size: 2, found: true } }))
        .thenThrows('bad_request', 'Volume size must be greater than the image size. (Image: 2, Volume: 1).');
    });

    it('refuses a compute-service snapshot image whose snapshot is gone', () => {
      given(...available())
        .when(reimage({ boot_volume_snapshot: { snapshot_id: 's1', volume_size: 1, found: false } }))
        .thenThrows('not_found', 'Nova specific image is found, but boot volume snapshot id:s1 not found.');
    });
  });

  describe('when error', () => {
    it('records the re-image', () => {
      given(...inStatus('error')).when(reimage()).then([requested('error')]);
    });
  });

  describe('when reserved', () => {
    it('refuses without reimage_reserved', () => {
      given(...inStatus('reserved'))
        .when(reimage())
        .thenThrows('invalid_volume', `Volume ${VOLUME_ID} status must be available or error, but current status is reserved.`);
    });

    it('records the re-image with reimage_reserved', () => {
      given(...inStatus('reserved')).when(reimage({}, true)).then([requested('reserved')]);
    });
  });

  describe.each(['in-use', 'extending', 'maintenance'] as const)('when %s', (status) => {
    it('refuses, naming reserved when reimage_reserved is given', () => {
      given(...inStatus(status))
        .when(reimage({}, true))
        .thenThrows('invalid_volume', `Volume ${VOLUME_ID} status must be available or error or reserved, but current status is ${status}.`);
    });
  });

  describe('when attached to two servers', () => {
    const twice = [...available({ multiattach: true }), attached('a1'), attached('a2'), statusReset('available', { attach_status: 'attached' })];

    it('refuses with a 409, before the status', () => {
      given(...twice, statusReset('extending')).when(reimage()).thenThrows('conflict', 'Cannot re-image a volume which is attached to more than one server.');
    });

    it('judges the image first', () => {
      given(...twice).when(reimage({ status: 'killed' })).thenThrows('invalid_input', 'Image img-1 is not active.');
    });
  });

  describe('when downloading', () => {
    it('records success: back to the previous status, bootable, with the image metadata', () => {
      given(...available(), requested('available'))
        .when(complete())
        .then([
          {
            type: 'VolumeReimaged',
            data: {
              operation_id: 'op-reimage',
              image_id: 'img-1',
              status: 'available',
              bootable: true,
              volume_image_metadata: { image_id: 'img-1', image_name: 'cirros' },
            },
          },
        ])
        .leaving({ status: 'available', bootable: true, volume_image_metadata: { image_id: 'img-1', image_name: 'cirros' }, pending: null });
    });

    it('returns an error volume to error even on success', () => {
      given(...inStatus('error'), requested('error')).when(complete()).then([expect.objectContaining({ data: expect.objectContaining({ status: 'error' }) })]);
    });

    it('records failure as error, previous_status downloading', () => {
      given(...available(), requested('available'))
        .when(fail())
        .then([
          {
            type: 'VolumeReimageFailed',
            data: { operation_id: 'op-reimage', reason: 'copy failed', status: 'error', previous_status: 'downloading' },
          },
        ])
        .leaving({ status: 'error', previous_status: 'downloading', pending: null });
    });

    it('refuses a second re-image', () => {
      given(...available(), requested('available'))
        .when(reimage())
        .thenThrows('invalid_volume', `Volume ${VOLUME_ID} status must be available or error, but current status is downloading.`);
    });
  });

  describe('when re-imaged already', () => {
    it('ignores a repeated result', () => {
      const done: VolumeEvent = {
        type: 'VolumeReimageFailed',
        data: { operation_id: 'op-reimage', reason: 'copy failed', status: 'error', previous_status: 'downloading' },
      };
      given(...available(), requested('available'), done).when(complete()).thenNothingHappened();
    });
  });
});
