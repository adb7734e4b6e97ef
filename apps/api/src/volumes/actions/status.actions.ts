import { toBool as toBoolean } from '@app/cinder-api';
import { ACCEPTED, type VolumeAction } from './volume-action';

const lower = <T,>(value: T): T => (typeof value === 'string' ? value.toLowerCase() : value) as T;

/** §1.2.3: looked up without `volume:get`; values are lower-cased before the domain sees them. */
export const resetStatus: VolumeAction = {
  name: 'os-reset_status',
  async run(call, s) {
    const volume = await s.find(call, 'skip');
    s.authorize(call, 'volume_extension:volume_admin_actions:reset_status', volume);
    const { status, attach_status, migration_status } = call.value;
    await s.execute(call, {
      type: 'ResetVolumeStatus',
      data: { status: lower(status), attach_status: lower(attach_status), migration_status: lower(migration_status) },
    });
    return ACCEPTED;
  },
};

/** §1.2.16: the generic volume update rule, and 200 with an empty body. */
export const setBootable: VolumeAction = {
  name: 'os-set_bootable',
  async run(call, s) {
    const volume = await s.find(call);
    s.authorize(call, 'volume:update', volume);
    await s.execute(call, { type: 'SetVolumeBootable', data: { bootable: toBoolean(call.value.bootable) } });
    return { status: 200 };
  },
};

/** §1.2.24, and Correction 5: the admin-metadata rule is checked on an elevated context. */
export const updateReadonlyFlag: VolumeAction = {
  name: 'os-update_readonly_flag',
  async run(call, s) {
    const volume = await s.find(call);
    s.authorize(call, 'volume:update_readonly_flag', volume);
    s.authorizeElevated(call, 'volume:update_volume_admin_metadata', volume);
    await s.execute(call, { type: 'UpdateVolumeReadonlyFlag', data: { readonly: toBoolean(call.value.readonly) } });
    return ACCEPTED;
  },
};
