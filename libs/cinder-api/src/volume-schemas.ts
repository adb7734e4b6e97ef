/**
 * Request body schemas of the volumes resource (`cinder/api/schemas/volumes.py`,
 * `volume_actions.py`), as dictionaries in Cinder's key order.
 */
import type { Schema } from './json-schema';
import type { ApiVersion } from './microversion';
import {
  availabilityZone,
  metadataAllowsNull,
  nameAllowZeroMinLength,
  optionalBoolean,
  optionalUuid,
  volumeSize,
  volumeSizeAllowsNull,
} from './parameter-types';

export const extendSchema: Schema = {
  type: 'object',
  properties: {
    'os-extend': {
      type: 'object',
      properties: { new_size: volumeSize },
      required: ['new_size'],
      additionalProperties: false,
    },
  },
  required: ['os-extend'],
  additionalProperties: false,
};

const nameFormat: Schema = { type: ['string', 'null'], format: 'name_non_mandatory_remove_white_spaces' };
const descriptionFormat: Schema = {
  type: ['string', 'null'],
  format: 'description_non_mandatory_remove_white_spaces',
};

const volumeProperties: Readonly<Record<string, Schema>> = {
  name: nameFormat,
  description: descriptionFormat,
  display_name: nameFormat,
  display_description: descriptionFormat,
  // Lazily checked: it may be a type's name or its id.
  volume_type: nameAllowZeroMinLength,
  metadata: metadataAllowsNull,
  snapshot_id: optionalUuid,
  source_volid: optionalUuid,
  consistencygroup_id: optionalUuid,
  size: volumeSizeAllowsNull,
  availability_zone: availabilityZone,
  multiattach: optionalBoolean,
  image_id: { type: ['string', 'null'], minLength: 0, maxLength: 255 },
  imageRef: { type: ['string', 'null'], minLength: 0, maxLength: 255 },
};
// 3.13 adds group_id (not checked as a UUID), 3.47 backup_id, 3.53 refuses unknown fields.
const withGroup = { ...volumeProperties, group_id: nameAllowZeroMinLength };
const withBackup = { ...withGroup, backup_id: optionalUuid };

/** `POST /volumes` before 3.13. Unknown fields inside `volume` are ignored until 3.53. */
export const createVolumeSchema: Schema = createSchema(volumeProperties, true);
const createVolumeV313 = createSchema(withGroup, true);
const createVolumeV347 = createSchema(withBackup, true);
const createVolumeV353 = createSchema(withBackup, false);

/** The create schema Cinder applies at the request's microversion. */
export function createVolumeSchemaFor(version: ApiVersion): Schema {
  if (version.atLeast('3.53')) return createVolumeV353;
  if (version.atLeast('3.47')) return createVolumeV347;
  if (version.atLeast('3.13')) return createVolumeV313;
  return createVolumeSchema;
}

function createSchema(volume: Readonly<Record<string, Schema>>, openVolume: boolean): Schema {
  return {
    type: 'object',
    properties: {
      volume: { type: 'object', properties: volume, additionalProperties: openVolume },
      'OS-SCH-HNT:scheduler_hints': { type: ['object', 'null'] },
    },
    required: ['volume'],
    additionalProperties: false,
  };
}
