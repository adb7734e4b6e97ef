import { showVolumeImageMetadata } from '@app/domain';
import { rawEmpty, type VolumeAction } from './volume-action';

/** §1.2.5: the set rule before `volume:get`, then the metadata rule; 200 with all image metadata. */
export const setImageMetadata: VolumeAction = {
  name: 'os-set_image_metadata',
  async run(call, s) {
    const volume = await s.find(call, 'skip');
    s.authorize(call, 'volume_extension:volume_image_metadata:set', volume);
    s.hideUnlessVisible(call, volume);
    s.authorize(call, 'volume:update_volume_metadata', volume);
    const { state } = await s.execute(call, { type: 'SetVolumeImageMetadata', data: { metadata: call.value.metadata } });
    return { status: 200, body: { metadata: state.exists ? state.volume_image_metadata : {} } };
  },
};

/** §1.2.6: answered with Cinder's raw, empty text/html 200. */
export const unsetImageMetadata: VolumeAction = {
  name: 'os-unset_image_metadata',
  async run(call, s) {
    const volume = await s.find(call, 'skip');
    s.authorize(call, 'volume_extension:volume_image_metadata:remove', volume);
    s.hideUnlessVisible(call, volume);
    s.authorize(call, 'volume:get_volume_metadata', volume);
    s.authorize(call, 'volume:delete_volume_metadata', volume);
    await s.execute(call, { type: 'UnsetVolumeImageMetadata', data: { key: call.value.key } });
    return rawEmpty(200);
  },
};

/** §1.2.7: a query; no image metadata at all is a 404, not `{}`. */
export const showImageMetadata: VolumeAction = {
  name: 'os-show_image_metadata',
  async run(call, s) {
    const volume = await s.find(call);
    s.authorize(call, 'volume:get_volume_metadata', volume);
    return { status: 200, body: { metadata: showVolumeImageMetadata(volume) } };
  },
};
