import {
  availabilityZone,
  boolean,
  metadataAllowsNull,
  optionalBoolean,
  optionalUuid,
  toBool,
  uuidAllowNull,
  volumeSize,
  volumeSizeAllowsNull,
} from './parameter-types';
import { validationMessage } from './spec-helpers';

const BOOLEAN_ENUM =
  "[True, 'True', 'TRUE', 'true', '1', 'ON', 'On', 'on', 'YES', 'Yes', 'yes', 'y', 't', " +
  "False, 'False', 'FALSE', 'false', '0', 'OFF', 'Off', 'off', 'NO', 'No', 'no', 'n', 'f']";

describe('volumeSize', () => {
  it.each(['1', '3', '"03"', '"2147483647"', '2147483647', '"3\\n"'])('accepts %s', (json) => {
    expect(validationMessage(volumeSize, json)).toBeUndefined();
  });

  it.each([
    ['3.0', "3.0 is not of type 'integer', 'string'"],
    ['true', "True is not of type 'integer', 'string'"],
    ['null', "None is not of type 'integer', 'string'"],
    ['" 3"', "' 3' does not match '^[0-9]+$'"],
    ['"-1"', "'-1' does not match '^[0-9]+$'"],
    ['""', "'' does not match '^[0-9]+$'"],
    ['0', '0 is less than the minimum of 1'],
    ['"0"', '0 is less than the minimum of 1'],
    ['"000"', '0 is less than the minimum of 1'],
    ['-5', '-5 is less than the minimum of 1'],
    ['2147483648', '2147483648 is greater than the maximum of 2147483647'],
    ['"2147483648"', '2147483648 is greater than the maximum of 2147483647'],
  ])('refuses %s: %s', (json, message) => {
    expect(validationMessage(volumeSize, json)).toBe(message);
  });

  it('allows null in its nullable variant, and lists the extra type', () => {
    expect(validationMessage(volumeSizeAllowsNull, 'null')).toBeUndefined();
    expect(validationMessage(volumeSizeAllowsNull, '1.5')).toBe("1.5 is not of type 'integer', 'string', 'null'");
  });
});

describe('boolean', () => {
  it.each(['true', 'false', '"True"', '"yes"', '"y"', '"t"', '"0"', '"OFF"', '"f"'])('accepts %s', (json) => {
    expect(validationMessage(boolean, json)).toBeUndefined();
  });

  it.each([
    ['1', "1 is not of type 'boolean', 'string'"],
    ['null', "None is not of type 'boolean', 'string'"],
    ['"Y"', `'Y' is not one of ${BOOLEAN_ENUM}`],
    ['"T"', `'T' is not one of ${BOOLEAN_ENUM}`],
    ['"tRuE"', `'tRuE' is not one of ${BOOLEAN_ENUM}`],
  ])('refuses %s', (json, message) => {
    expect(validationMessage(boolean, json)).toBe(message);
  });

  it('also allows null in its optional variant', () => {
    expect(validationMessage(optionalBoolean, 'null')).toBeUndefined();
    expect(validationMessage(optionalBoolean, '"maybe"')).toBe("'maybe' is not valid under any of the given schemas");
  });
});

describe('uuid variants', () => {
  it('accept a UUID or null, and refuse anything else as matching no alternative', () => {
    for (const schema of [optionalUuid, uuidAllowNull]) {
      expect(validationMessage(schema, 'null')).toBeUndefined();
      expect(validationMessage(schema, '"2B955850-F177-45F7-9F49-ECB2C256D161"')).toBeUndefined();
      expect(validationMessage(schema, '"abc"')).toBe("'abc' is not valid under any of the given schemas");
      expect(validationMessage(schema, '5')).toBe('5 is not valid under any of the given schemas');
    }
  });
});

describe('availabilityZone', () => {
  it('takes null or 1 to 255 characters', () => {
    expect(validationMessage(availabilityZone, 'null')).toBeUndefined();
    expect(validationMessage(availabilityZone, '""')).toBe("'' should be non-empty");
    expect(validationMessage(availabilityZone, `"${'z'.repeat(256)}"`)).toBe(`'${'z'.repeat(256)}' is too long`);
  });
});

describe('metadataAllowsNull', () => {
  it('takes null or string values under keys of the allowed characters', () => {
    expect(validationMessage(metadataAllowsNull, 'null')).toBeUndefined();
    expect(validationMessage(metadataAllowsNull, '{"a-b_c:d. /e": "v", "k": ""}')).toBeUndefined();
  });

  it('refuses a key outside the allowed characters or longer than 255', () => {
    expect(validationMessage(metadataAllowsNull, '{"bad!": "v"}')).toBe(
      "'bad!' does not match any of the regexes: '^[a-zA-Z0-9-_:. /]{1,255}$'",
    );
    expect(validationMessage(metadataAllowsNull, `{"${'k'.repeat(256)}": "v"}`)).toMatch(/^'k+' does not match any/);
    expect(validationMessage(metadataAllowsNull, '{"": "v"}')).toMatch(/^'' does not match any/);
  });

  it('refuses a value that is not a string of at most 255 characters', () => {
    expect(validationMessage(metadataAllowsNull, '{"k": null}')).toBe(
      "Invalid input for field/attribute k. Value: None. None is not of type 'string'",
    );
    expect(validationMessage(metadataAllowsNull, `{"k": "${'v'.repeat(256)}"}`)).toMatch(
      /^Invalid input for field\/attribute k\. Value: v{256}\. 'v{256}' is too long$/,
    );
  });
});

describe('toBool', () => {
  it.each([true, 'True', 'TRUE', 'true', '1', 'ON', 'On', 'on', 'YES', 'Yes', 'yes', 'y', 't'])('%j is true', (v) => {
    expect(toBool(v)).toBe(true);
  });
  it.each([false, 'False', '0', 'off', 'no', 'n', 'f', undefined, null])('%j is false', (v) => {
    expect(toBool(v)).toBe(false);
  });
});
