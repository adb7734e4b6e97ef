import { given } from '../testing/decider-specification';
import { available, inStatus, VOLUME_ID } from '../testing/volume-fixtures';
import type { VolumeEvent } from '../volume-events';
import { fold, type ExistingVolume } from '../volume-state';
import { showVolumeImageMetadata } from './image-metadata';

const set = (metadata: Record<string, string>) => ({
  type: 'SetVolumeImageMetadata' as const,
  volume_id: VOLUME_ID,
  data: { metadata },
});
const unset = (key: string) => ({ type: 'UnsetVolumeImageMetadata' as const, volume_id: VOLUME_ID, data: { key } });
const withImage: VolumeEvent = { type: 'VolumeImageMetadataSet', data: { metadata: { image_id: 'i1', image_name: 'cirros' } } };
const NOT_FOUND = `Glance metadata for volume/snapshot ${VOLUME_ID} cannot be found.`;

describe('os-set_image_metadata', () => {
  describe('when available', () => {
    it('records all image metadata afterwards, new keys added and given keys overwritten', () => {
      given(...available(), withImage)
        .when(set({ image_name: 'fedora', kernel_id: 'k1' }))
        .then([{ type: 'VolumeImageMetadataSet', data: { metadata: { image_id: 'i1', image_name: 'fedora', kernel_id: 'k1' } } }])
        .leaving({ volume_image_metadata: { image_id: 'i1', image_name: 'fedora', kernel_id: 'k1' } });
    });
  });

  describe.each(['maintenance', 'uploading'] as const)('when %s', (status) => {
    it('refuses', () => {
      given(...inStatus(status))
        .when(set({ a: 'b' }))
        .thenThrows('invalid_volume', `Updating volume metadata is not allowed for volumes in ${status} status.`);
    });
  });

  describe.each(['in-use', 'error', 'extending'] as const)('when %s', (status) => {
    it('sets the metadata', () => {
      given(...inStatus(status)).when(set({ a: 'b' })).then([{ type: 'VolumeImageMetadataSet', data: { metadata: { a: 'b' } } }]);
    });
  });
});

describe('os-unset_image_metadata', () => {
  describe('when available with image metadata', () => {
    it('records the key removed', () => {
      given(...available(), withImage)
        .when(unset('image_name'))
        .then([{ type: 'VolumeImageMetadataUnset', data: { key: 'image_name' } }])
        .leaving({ volume_image_metadata: { image_id: 'i1' } });
    });

    it('refuses a key it does not have as not found', () => {
      given(...available(), withImage).when(unset('kernel_id')).thenThrows('not_found', NOT_FOUND);
    });
  });

  describe('when available without image metadata', () => {
    it('refuses as not found', () => {
      given(...available()).when(unset('image_id')).thenThrows('not_found', NOT_FOUND);
    });
  });

  describe('when uploading', () => {
    it('refuses a known key for the status', () => {
      given(...available(), withImage, inStatus('uploading')[2])
        .when(unset('image_id'))
        .thenThrows('invalid_volume', 'Deleting volume metadata is not allowed for volumes in uploading status.');
    });

    it('answers not found for an unknown key before looking at the status', () => {
      given(...inStatus('uploading')).when(unset('image_id')).thenThrows('not_found', NOT_FOUND);
    });
  });
});

describe('os-show_image_metadata', () => {
  const volume = (...events: VolumeEvent[]) => fold([...available(), ...events]) as ExistingVolume;

  it('answers the image metadata', () => {
    expect(showVolumeImageMetadata(volume(withImage))).toEqual({ image_id: 'i1', image_name: 'cirros' });
  });

  it('is a 404, not an empty map, without image metadata', () => {
    expect(() => showVolumeImageMetadata(volume())).toThrow(NOT_FOUND);
  });
});
