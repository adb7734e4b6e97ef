/**
 * Cinder's shared schema fragments (`cinder/api/validation/parameter_types.py`), key order
 * included: it decides which error is reported first.
 */
import type { Schema } from './json-schema';

/** `DB_MAX_INT`: the largest size a MySQL INT column holds. */
export const DB_MAX_INT = 2147483647;

/** A JSON integer or a string of digits; `"03"` is 3, `3.0`, `true` and `" 3"` are refused. */
export const volumeSize: Schema = {
  type: ['integer', 'string'],
  pattern: '^[0-9]+$',
  minimum: 1,
  maximum: DB_MAX_INT,
};

export const volumeSizeAllowsNull: Schema = { ...volumeSize, type: ['integer', 'string', 'null'] };

/** JSON true/false or one of these exact spellings; 1, 0, null, "Y" and "tRuE" are refused. */
export const boolean: Schema = {
  type: ['boolean', 'string'],
  enum: [
    true, 'True', 'TRUE', 'true', '1', 'ON', 'On', 'on', 'YES', 'Yes', 'yes', 'y', 't',
    false, 'False', 'FALSE', 'false', '0', 'OFF', 'Off', 'off', 'NO', 'No', 'no', 'n', 'f',
  ],
};

export const optionalBoolean: Schema = { oneOf: [{ type: 'null' }, boolean] };

const TRUE_SPELLINGS = new Set<unknown>([true, 'True', 'TRUE', 'true', '1', 'ON', 'On', 'on', 'YES', 'Yes', 'yes', 'y', 't']);

/** The value of a validated `boolean` (oslo's bool_from_string on the accepted spellings). */
export const toBool = (value: unknown): boolean => TRUE_SPELLINGS.has(value);

export const uuid: Schema = { type: 'string', format: 'uuid' };

export const uuidAllowNull: Schema = { oneOf: [uuid, { type: 'null' }] };

export const optionalUuid: Schema = { oneOf: [{ type: 'null' }, { type: 'string', format: 'uuid' }] };

export const nameAllowZeroMinLength: Schema = { type: ['string', 'null'], minLength: 0, maxLength: 255 };

export const availabilityZone: Schema = { type: ['string', 'null'], minLength: 1, maxLength: 255 };

/** Cinder calls this `extra_specs`; volume metadata uses it too. */
export const metadata: Schema = {
  type: 'object',
  patternProperties: { '^[a-zA-Z0-9-_:. /]{1,255}$': { type: 'string', maxLength: 255 } },
  additionalProperties: false,
};

export const metadataAllowsNull: Schema = { ...metadata, type: ['object', 'null'] };
