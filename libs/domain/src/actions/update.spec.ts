import { given } from '../testing/decider-specification';
import { available, inStatus, VOLUME_ID } from '../testing/volume-fixtures';
import type { VolumeEvent } from '../volume-events';
import type { UpdateVolume } from './update';

const update = (data: UpdateVolume['data']): UpdateVolume => ({ type: 'UpdateVolume', volume_id: VOLUME_ID, data });
const setMetadata = (metadata: Record<string, string>, replace = false) => ({
  type: 'SetVolumeMetadata' as const,
  volume_id: VOLUME_ID,
  data: { metadata, replace },
});
const deleteKey = (key: string) => ({ type: 'DeleteVolumeMetadata' as const, volume_id: VOLUME_ID, data: { key } });
const tagged = available({ metadata: { a: '1', b: '2' } });

describe('update', () => {
  describe('when available', () => {
    it('records name, description and metadata as they are afterwards', () => {
      given(...tagged)
        .when(update({ description: 'new' }))
        .then([{ type: 'VolumeUpdated', data: { name: 'vol', description: 'new', metadata: { a: '1', b: '2' } } }])
        .leaving({ name: 'vol', description: 'new' });
    });

    it('replaces all metadata when given, and clears a name given as null', () => {
      given(...tagged)
        .when(update({ name: null, metadata: { c: '3' } }))
        .then([{ type: 'VolumeUpdated', data: { name: null, description: null, metadata: { c: '3' } } }])
        .leaving({ metadata: { c: '3' } });
    });
  });

  describe('when uploading', () => {
    it('updates: only maintenance stops it', () => {
      given(...inStatus('uploading')).when(update({ name: 'x' })).then([{ type: 'VolumeUpdated', data: { name: 'x', description: null, metadata: {} } }]);
    });
  });

  describe('when in maintenance', () => {
    it('refuses', () => {
      given(...inStatus('maintenance')).when(update({ name: 'x' })).thenThrows('invalid_volume', 'The volume cannot be updated during maintenance.');
    });
  });
});

describe('volume metadata', () => {
  describe('when available', () => {
    it('merges keys', () => {
      given(...tagged)
        .when(setMetadata({ b: '20', c: '3' }))
        .then([{ type: 'VolumeMetadataSet', data: { metadata: { a: '1', b: '20', c: '3' } } }])
        .leaving({ metadata: { a: '1', b: '20', c: '3' } });
    });

    it('replaces every key', () => {
      given(...tagged).when(setMetadata({ c: '3' }, true)).then([{ type: 'VolumeMetadataSet', data: { metadata: { c: '3' } } }]);
    });

    it('deletes a key', () => {
      given(...tagged)
        .when(deleteKey('a'))
        .then([{ type: 'VolumeMetadataDeleted', data: { key: 'a' } }])
        .leaving({ metadata: { b: '2' } });
    });

    it('refuses to delete a key it does not have', () => {
      given(...tagged).when(deleteKey('z')).thenThrows('not_found', 'Metadata item was not found');
    });
  });

  describe.each(['maintenance', 'uploading'] as const)('when %s', (status) => {
    const locked: VolumeEvent[] = [...tagged, inStatus(status)[2]];

    it('refuses to set', () => {
      given(...locked)
        .when(setMetadata({ c: '3' }))
        .thenThrows('invalid_volume', `Updating volume metadata is not allowed for volumes in ${status} status.`);
    });

    it('refuses to delete a key it has', () => {
      given(...locked)
        .when(deleteKey('a'))
        .thenThrows('invalid_volume', `Deleting volume metadata is not allowed for volumes in ${status} status.`);
    });

    it('answers not found for a key it does not have, first', () => {
      given(...locked).when(deleteKey('z')).thenThrows('not_found', 'Metadata item was not found');
    });
  });
});
