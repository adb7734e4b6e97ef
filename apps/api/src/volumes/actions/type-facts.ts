import { isMultiattachType, sizeLimits, type VolumeType } from '@app/domain/volume-type/volume-type-catalog';
import type { RetypeTarget, TypeSizeLimits } from '@app/domain';

/** What the domain needs to know of a type's size limits. */
export function sizeLimitsOf(type: VolumeType): TypeSizeLimits {
  const { min, max } = sizeLimits(type);
  return { type_name: type.name, ...(min === undefined ? {} : { min }), ...(max === undefined ? {} : { max }) };
}

/** The target of a retype, as the domain decides on it. Encryption types are not offered by this engine. */
export function retypeTarget(type: VolumeType): RetypeTarget {
  const { min, max } = sizeLimits(type);
  return {
    id: type.id,
    name: type.name,
    multiattach: isMultiattachType(type),
    encrypted: false,
    ...(min === undefined ? {} : { min_size: min }),
    ...(max === undefined ? {} : { max_size: max }),
  };
}
