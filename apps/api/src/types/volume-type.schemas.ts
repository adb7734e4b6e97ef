import { boolean, type Schema } from '@app/cinder-api';

const name: Schema = { type: 'string', minLength: 1, maxLength: 255 };
const description: Schema = { type: ['string', 'null'], minLength: 0, maxLength: 255 };
const extraSpecs: Schema = {
  type: 'object',
  patternProperties: { '^[\\w\\.\\-:/ ]{1,255}$': { type: 'string', maxLength: 255 } },
  additionalProperties: false,
};

/** cinder/api/schemas/volume_types.py */
export const createVolumeTypeSchema: Schema = {
  type: 'object',
  properties: {
    volume_type: {
      type: 'object',
      properties: {
        name,
        description,
        extra_specs: { ...extraSpecs, type: ['object', 'null'] },
        'os-volume-type-access:is_public': boolean,
      },
      required: ['name'],
      additionalProperties: false,
    },
  },
  required: ['volume_type'],
  additionalProperties: false,
};

/** cinder/api/schemas/types_extra_specs.py */
export const setExtraSpecsSchema: Schema = {
  type: 'object',
  properties: { extra_specs: extraSpecs },
  required: ['extra_specs'],
  additionalProperties: false,
};
