import type { VolumeType } from '@app/domain/volume-type/volume-type-catalog';

/** Extra specs Cinder shows to every user; the rest only to those allowed `access_types_extra_specs`. */
const USER_VISIBLE_EXTRA_SPECS = ['multiattach', 'RESKEY:availability_zones', 'replication_enabled'];

export function presentVolumeType(type: VolumeType, allExtraSpecs: boolean) {
  const extraSpecs = allExtraSpecs
    ? type.extra_specs
    : Object.fromEntries(Object.entries(type.extra_specs).filter(([key]) => USER_VISIBLE_EXTRA_SPECS.includes(key)));
  return {
    id: type.id,
    name: type.name,
    description: type.description,
    is_public: type.is_public,
    'os-volume-type-access:is_public': type.is_public,
    extra_specs: extraSpecs,
    qos_specs_id: null,
  };
}
