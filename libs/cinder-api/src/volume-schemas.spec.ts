import { ApiVersion } from './microversion';
import { validationMessage } from './spec-helpers';
import { createVolumeSchema, createVolumeSchemaFor, extendSchema } from './volume-schemas';

describe('extendSchema', () => {
  it.each([
    '{"os-extend": {"new_size": 3}}',
    '{"os-extend": {"new_size": "03"}}',
    '{"os-extend": {"new_size": "2147483647"}}',
  ])('accepts %s', (json) => {
    expect(validationMessage(extendSchema, json)).toBeUndefined();
  });

  it.each([
    ['{"os-extend": {"new_size": 0}}', 'Invalid input for field/attribute new_size. Value: 0. 0 is less than the minimum of 1'],
    [
      '{"os-extend": {"new_size": "0"}}',
      'Invalid input for field/attribute new_size. Value: 0. 0 is less than the minimum of 1',
    ],
    ['{"os-extend": {}}', "Invalid input for field/attribute os-extend. Value: {}. 'new_size' is a required property"],
    [
      '{"os-extend": {"new_size": 3.0}}',
      "Invalid input for field/attribute new_size. Value: 3.0. 3.0 is not of type 'integer', 'string'",
    ],
    [
      '{"os-extend": {"new_size": true}}',
      "Invalid input for field/attribute new_size. Value: True. True is not of type 'integer', 'string'",
    ],
    [
      '{"os-extend": {"new_size": " 3"}}',
      "Invalid input for field/attribute new_size. Value:  3. ' 3' does not match '^[0-9]+$'",
    ],
    [
      '{"os-extend": {"new_size": 2147483648}}',
      'Invalid input for field/attribute new_size. Value: 2147483648. 2147483648 is greater than the maximum of 2147483647',
    ],
    [
      '{"os-extend": {"new_size": 3, "x": 1}}',
      "Invalid input for field/attribute os-extend. Value: {'new_size': 3, 'x': 1}. Additional properties are not allowed ('x' was unexpected)",
    ],
    ['{"os-extend": 5}', "Invalid input for field/attribute os-extend. Value: 5. 5 is not of type 'object'"],
    [
      '{"os-extend": null}',
      "Invalid input for field/attribute os-extend. Value: None. None is not of type 'object'",
    ],
    ['{}', "'os-extend' is a required property"],
    ['{"os-extend": {"new_size": 3}, "y": 1}', "Additional properties are not allowed ('y' was unexpected)"],
  ])('refuses %s', (json, message) => {
    expect(validationMessage(extendSchema, json)).toBe(message);
  });

  it('reports the size before an unexpected property next to it', () => {
    expect(validationMessage(extendSchema, '{"os-extend": {"x": 1, "new_size": 0}}')).toBe(
      'Invalid input for field/attribute new_size. Value: 0. 0 is less than the minimum of 1',
    );
  });
});

describe('createVolumeSchema', () => {
  it('accepts the api-ref style request and any unknown fields inside volume', () => {
    const json = JSON.stringify({
      volume: {
        size: 10,
        availability_zone: null,
        source_volid: null,
        description: null,
        multiattach: false,
        snapshot_id: null,
        backup_id: 'not checked before 3.47',
        name: '  a name  ',
        imageRef: null,
        volume_type: null,
        metadata: {},
        consistencygroup_id: null,
        anything: [1, 2],
      },
      'OS-SCH-HNT:scheduler_hints': { same_host: ['a0cf03a5-d921-4877-bb5c-86d26cf818e1'] },
    });
    expect(validationMessage(createVolumeSchema, json)).toBeUndefined();
  });

  it.each([
    ['{}', "'volume' is a required property"],
    ['{"volume": []}', "Invalid input for field/attribute volume. Value: []. [] is not of type 'object'"],
    ['{"volume": {}, "extra": 1}', "Additional properties are not allowed ('extra' was unexpected)"],
    [
      '{"volume": {}, "OS-SCH-HNT:SchedulerHints": {}}',
      "Additional properties are not allowed ('OS-SCH-HNT:SchedulerHints' was unexpected)",
    ],
    [
      '{"volume": {}, "OS-SCH-HNT:scheduler_hints": []}',
      "Invalid input for field/attribute OS-SCH-HNT:scheduler_hints. Value: []. [] is not of type 'object', 'null'",
    ],
    [
      '{"volume": {"size": 0}}',
      'Invalid input for field/attribute size. Value: 0. 0 is less than the minimum of 1',
    ],
    [
      '{"volume": {"size": 1.5}}',
      "Invalid input for field/attribute size. Value: 1.5. 1.5 is not of type 'integer', 'string', 'null'",
    ],
    [
      '{"volume": {"snapshot_id": "abc"}}',
      "Invalid input for field/attribute snapshot_id. Value: abc. 'abc' is not valid under any of the given schemas",
    ],
    [
      '{"volume": {"multiattach": "maybe"}}',
      "Invalid input for field/attribute multiattach. Value: maybe. 'maybe' is not valid under any of the given schemas",
    ],
    [
      '{"volume": {"availability_zone": ""}}',
      "Invalid input for field/attribute availability_zone. Value: . '' should be non-empty",
    ],
    [
      '{"volume": {"metadata": {"k": 1}}}',
      "Invalid input for field/attribute k. Value: 1. 1 is not of type 'string'",
    ],
    ['{"volume": {"name": 5}}', "Invalid input for field/attribute name. Value: 5. 5 is not of type 'string', 'null'"],
  ])('refuses %s', (json, message) => {
    expect(validationMessage(createVolumeSchema, json)).toBe(message);
  });

  it("answers Cinder's InvalidInput for a name or description over 255 characters once stripped", () => {
    expect(validationMessage(createVolumeSchema, `{"volume": {"display_name": "${'n'.repeat(256)}"}}`)).toBe(
      'Invalid input received: name has 256 characters, more than 255.',
    );
    expect(validationMessage(createVolumeSchema, `{"volume": {"display_description": "${'d'.repeat(257)}"}}`)).toBe(
      'Invalid input received: description has 257 characters, more than 255.',
    );
    expect(validationMessage(createVolumeSchema, `{"volume": {"name": " ${'n'.repeat(255)} "}}`)).toBeUndefined();
  });
});

describe('createVolumeSchemaFor', () => {
  const at = (version: string) => createVolumeSchemaFor(ApiVersion.parse(version));

  it('is the base schema before 3.13', () => {
    expect(at('3.12')).toBe(createVolumeSchema);
  });

  it('checks group_id from 3.13 as a string of at most 255 characters, not as a UUID', () => {
    expect(validationMessage(at('3.12'), '{"volume": {"group_id": 5}}')).toBeUndefined();
    expect(validationMessage(at('3.13'), '{"volume": {"group_id": "not-a-uuid"}}')).toBeUndefined();
    expect(validationMessage(at('3.13'), '{"volume": {"group_id": 5}}')).toBe(
      "Invalid input for field/attribute group_id. Value: 5. 5 is not of type 'string', 'null'",
    );
  });

  it('checks backup_id as a UUID from 3.47', () => {
    expect(validationMessage(at('3.46'), '{"volume": {"backup_id": "x"}}')).toBeUndefined();
    expect(validationMessage(at('3.47'), '{"volume": {"backup_id": "x"}}')).toBe(
      "Invalid input for field/attribute backup_id. Value: x. 'x' is not valid under any of the given schemas",
    );
  });

  it('refuses unknown fields inside volume from 3.53', () => {
    expect(validationMessage(at('3.52'), '{"volume": {"foo": 1}}')).toBeUndefined();
    expect(validationMessage(at('3.53'), '{"volume": {"foo": 1, "bar": 2}}')).toBe(
      "Invalid input for field/attribute volume. Value: {'foo': 1, 'bar': 2}. Additional properties are not allowed ('bar', 'foo' were unexpected)",
    );
    expect(validationMessage(at('3.71'), '{"volume": {"size": 1, "group_id": null, "backup_id": null}}')).toBeUndefined();
  });
});
