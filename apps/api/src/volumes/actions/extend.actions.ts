import { decide } from '@app/domain';
import { checkPerVolumeLimit } from './per-volume-limit';
import { sizeLimitsOf } from './type-facts';
import { ACCEPTED, type VolumeAction } from './volume-action';

/** §1.2.1: the attached path (≥ 3.42, in-use) has its own rule; type size limits come from the volume's type. */
export const extend: VolumeAction = {
  name: 'os-extend',
  async run(call, s) {
    const volume = await s.find(call);
    const allowAttached = call.origin.version.atLeast('3.42');
    s.authorize(call, allowAttached && volume.status === 'in-use' ? 'volume:extend_attached_volume' : 'volume:extend', volume);
    const type = await s.typeOf(volume);
    const command = {
      type: 'ExtendVolume' as const,
      data: {
        operation_id: s.operationId(),
        new_size: Number(call.value.new_size),
        allow_attached: allowAttached,
        type_limits: type ? sizeLimitsOf(type) : undefined,
      },
    };
    // Cinder checks the quota after the size, type and status checks: a dry run of the pure
    // decider on the loaded state answers those first; the executor decides again on fresh state.
    decide({ ...command, volume_id: volume.id }, volume);
    checkPerVolumeLimit(command.data.new_size, s.config.perVolumeGigabytes);
    const growth = { volumes: 0, gigabytes: command.data.new_size - volume.size };
    await s.withQuota(call, volume, growth, `extend ${command.data.operation_id}`, () => s.execute(call, command));
    return ACCEPTED;
  },
};

/** §1.2.2: Nova's completion hook; `error` is judged by Python truthiness in the domain. */
export const extendVolumeCompletion: VolumeAction = {
  name: 'os-extend_volume_completion',
  async run(call, s) {
    const volume = await s.find(call);
    s.authorize(call, 'volume_extension:volume_admin_actions:extend_volume_completion', volume);
    await s.execute(call, { type: 'ExtendVolumeCompletion', data: { error: call.value.error } });
    return ACCEPTED;
  },
};
