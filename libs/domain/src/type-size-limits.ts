import { invalidInput } from './volume-errors';

/**
 * A volume type's `provisioning:min_vol_size` / `provisioning:max_vol_size` extra specs, looked up
 * by the handler (the volume's type, or the default type when it has none).
 */
export interface TypeSizeLimits {
  min?: number;
  max?: number;
  type_name: string;
}

/** cinder.volume.volume_types.provision_filter_on_size: the minimum is checked first. */
export function checkSizeAgainstType(size: number, limits: TypeSizeLimits | undefined): void {
  if (!limits) return;
  if (limits.min !== undefined && size < limits.min) {
    throw invalidInput(
      `Specified volume size of '${size}' is less than the minimum required size of '${limits.min}' ` +
        `for volume type '${limits.type_name}'.`,
    );
  }
  if (limits.max !== undefined && size > limits.max) {
    throw invalidInput(
      `Specified volume size of '${size}' is greater than the maximum allowable size of '${limits.max}' ` +
        `for volume type '${limits.type_name}'.`,
    );
  }
}
