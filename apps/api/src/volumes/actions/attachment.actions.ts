import { randomUUID } from 'node:crypto';
import { CinderFault } from '@app/cinder-api';
import { ACCEPTED, type VolumeAction } from './volume-action';

/** §1.2.8: the legacy attach; Correction 5's elevated admin-metadata check. */
export const attach: VolumeAction = {
  name: 'os-attach',
  async run(call, s) {
    const volume = await s.find(call);
    s.authorize(call, 'volume_extension:volume_actions:attach', volume);
    s.authorizeElevated(call, 'volume:update_volume_admin_metadata', volume);
    const { instance_uuid, host_name, mountpoint, mode } = call.value;
    await s.execute(call, {
      type: 'AttachVolume',
      data: {
        attachment_id: randomUUID(),
        instance_uuid: instance_uuid ?? null,
        host_name: host_name ?? null,
        mountpoint,
        mode: mode ?? 'rw',
        now: s.now(),
      },
    });
    return ACCEPTED;
  },
};

/**
 * §1.2.9, with the #2004555 guard deciding on what Nova says. `{"os-detach": null}` passes
 * Cinder's schema and then crashes it (500); we refuse it as bad input instead.
 */
export const detach: VolumeAction = {
  name: 'os-detach',
  async run(call, s) {
    if (call.value === null) {
      throw new CinderFault(400, "Invalid input for field/attribute os-detach. Value: None. None is not of type 'object'");
    }
    const volume = await s.find(call);
    s.authorize(call, 'volume_extension:volume_actions:detach', volume);
    const facts = await s.attachmentFacts(call, volume);
    await s.execute(call, { type: 'DetachVolume', data: { ...facts, attachment_id: call.value.attachment_id ?? null } });
    return ACCEPTED;
  },
};

/** §1.2.11: terminate, unreserve and detach, each with its own rule. */
export const forceDetach: VolumeAction = {
  name: 'os-force_detach',
  async run(call, s) {
    const volume = await s.find(call);
    for (const rule of [
      'volume_extension:volume_admin_actions:force_detach',
      'volume_extension:volume_actions:terminate_connection',
      'volume_extension:volume_actions:unreserve',
      'volume_extension:volume_actions:detach',
    ]) {
      s.authorize(call, rule, volume);
    }
    const facts = await s.attachmentFacts(call, volume);
    await s.execute(call, {
      type: 'ForceDetachVolume',
      data: { ...facts, attachment_id: call.value.attachment_id ?? null, connector: call.value.connector ?? null },
    });
    return ACCEPTED;
  },
};

const simple = (name: string, type: 'ReserveVolume' | 'UnreserveVolume' | 'BeginDetachingVolume' | 'RollDetachingVolume', rule: string): VolumeAction => ({
  name,
  async run(call, s) {
    const volume = await s.find(call);
    s.authorize(call, rule, volume);
    await s.execute(call, { type, data: {} });
    return ACCEPTED;
  },
});

/** §1.2.18–21: status flips between attach and detach, decided in the domain. */
export const reserve = simple('os-reserve', 'ReserveVolume', 'volume_extension:volume_actions:reserve');
export const unreserve = simple('os-unreserve', 'UnreserveVolume', 'volume_extension:volume_actions:unreserve');
export const beginDetaching = simple('os-begin_detaching', 'BeginDetachingVolume', 'volume_extension:volume_actions:begin_detaching');
export const rollDetaching = simple('os-roll_detaching', 'RollDetachingVolume', 'volume_extension:volume_actions:roll_detaching');
