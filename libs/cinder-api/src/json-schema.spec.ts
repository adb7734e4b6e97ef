import { type Schema, validate } from './json-schema';
import { PyFloat } from './python-json';
import { validationMessage } from './spec-helpers';

const wrap = (inner: Schema): Schema => ({ type: 'object', properties: { f: inner } });

describe('validate', () => {
  describe('error message', () => {
    it('is bare for an error at the top of the document', () => {
      expect(validationMessage({ type: 'object' }, '[]')).toBe("[] is not of type 'object'");
    });

    it('names the innermost field and prints the offending value with str()', () => {
      const schema: Schema = { type: 'object', properties: { a: { type: 'object', properties: { b: { type: 'integer' } } } } };
      expect(validationMessage(schema, '{"a": {"b": "x"}}')).toBe(
        "Invalid input for field/attribute b. Value: x. 'x' is not of type 'integer'",
      );
    });

    it('prints the value of the object that lacks a required property', () => {
      expect(validationMessage(wrap({ type: 'object', required: ['n'] }), '{"f": {"m": [1.0, null]}}')).toBe(
        "Invalid input for field/attribute f. Value: {'m': [1.0, None]}. 'n' is a required property",
      );
    });
  });

  describe('keyword order', () => {
    it('reports the first failing keyword in the order the schema lists them', () => {
      expect(validationMessage({ maxLength: 1, pattern: '^a' }, '"bb"')).toBe("'bb' is too long");
      expect(validationMessage({ pattern: '^a', maxLength: 1 }, '"bb"')).toBe("'bb' does not match '^a'");
    });

    it('descends into properties in schema order, before later keywords', () => {
      const schema: Schema = {
        properties: { b: { type: 'string' }, a: { type: 'string' } },
        required: ['c'],
      };
      expect(validationMessage(schema, '{"a": 1, "b": 2}')).toBe(
        "Invalid input for field/attribute b. Value: 2. 2 is not of type 'string'",
      );
      expect(validationMessage(schema, '{"a": "1", "b": "2"}')).toBe("'c' is a required property");
    });

    it('reports the first missing required property in the listed order', () => {
      expect(validationMessage({ required: ['x', 'y'] }, '{}')).toBe("'x' is a required property");
    });
  });

  describe('type', () => {
    it('lists every allowed type', () => {
      expect(validationMessage({ type: ['integer', 'string'] }, 'true')).toBe("True is not of type 'integer', 'string'");
    });

    it('never counts a float as an integer, even 3.0', () => {
      expect(validationMessage({ type: 'integer' }, '3.0')).toBe("3.0 is not of type 'integer'");
      expect(validationMessage({ type: 'integer' }, '3')).toBeUndefined();
      expect(validationMessage({ type: 'integer' }, '123456789012345678901234')).toBeUndefined();
    });

    it('treats a fractional JavaScript number handed in directly as a float', () => {
      expect(() => validate({ type: 'integer' }, 2.5)).toThrow("2.5 is not of type 'integer'");
    });

    it('never counts a boolean as a number', () => {
      expect(validationMessage({ type: 'number' }, 'false')).toBe("False is not of type 'number'");
      for (const number of ['1', '1.5', 'NaN', '12345678901234567890']) {
        expect(validationMessage({ type: 'number' }, number)).toBeUndefined();
      }
    });

    it.each([
      ['object', '{}', '[]'],
      ['array', '[]', '{}'],
      ['string', '""', 'null'],
      ['null', 'null', '0'],
      ['boolean', 'true', '"true"'],
    ] as const)('accepts %s values only', (type, good, bad) => {
      expect(validationMessage({ type }, good)).toBeUndefined();
      expect(validationMessage({ type }, bad)).toMatch(/ is not of type /);
    });
  });

  describe('additionalProperties', () => {
    it('lists unexpected properties sorted by code point', () => {
      const schema: Schema = { properties: { a: {} }, additionalProperties: false };
      expect(validationMessage(schema, '{"a": 1, "z": 1, "b": 1, "\uff5e": 1, "😀": 1}')).toBe(
        "Additional properties are not allowed ('b', 'z', '\uff5e', '😀' were unexpected)",
      );
      expect(validationMessage(schema, '{"x": 1}')).toBe("Additional properties are not allowed ('x' was unexpected)");
    });

    it('allows anything when true', () => {
      expect(validationMessage({ properties: {}, additionalProperties: true }, '{"x": 1}')).toBeUndefined();
    });
  });

  describe('patternProperties', () => {
    const schema: Schema = {
      patternProperties: { '^[a-z]+$': { type: 'string' } },
      additionalProperties: false,
    };

    it('validates matching properties in the instance order', () => {
      expect(validationMessage(schema, '{"b": 1, "a": 2}')).toBe(
        "Invalid input for field/attribute b. Value: 1. 1 is not of type 'string'",
      );
    });

    it('reports names that match no pattern', () => {
      expect(validationMessage(schema, '{"B": "x"}')).toBe("'B' does not match any of the regexes: '^[a-z]+$'");
      expect(validationMessage(schema, '{"C": "x", "B": "x"}')).toBe("'B', 'C' do not match any of the regexes: '^[a-z]+$'");
    });
  });

  describe('enum', () => {
    it('prints the allowed values as a Python list', () => {
      expect(validationMessage({ enum: ['rw', 'ro'] }, '"RW"')).toBe("'RW' is not one of ['rw', 'ro']");
    });

    it('compares as jsonschema does: 1 equals 1.0 but not true', () => {
      expect(validationMessage({ enum: [1] }, '1.0')).toBeUndefined();
      expect(validationMessage({ enum: [1] }, 'true')).toBe('True is not one of [1]');
      expect(validationMessage({ enum: [true] }, '1')).toBe('1 is not one of [True]');
      expect(validationMessage({ enum: [null] }, 'null')).toBeUndefined();
      expect(validationMessage({ enum: [[1, { a: 'b' }]] }, '[1.0, {"a": "b"}]')).toBeUndefined();
      expect(validationMessage({ enum: [{ a: 1 }] }, '{"a": 1, "b": 2}')).toBe("{'a': 1, 'b': 2} is not one of [{'a': 1}]");
    });
  });

  describe('pattern', () => {
    it('searches anywhere unless anchored', () => {
      expect(validationMessage({ pattern: 'b' }, '"abc"')).toBeUndefined();
    });

    it("lets Python's $ match before a final newline", () => {
      expect(validationMessage({ pattern: '^[0-9]+$' }, '"3\\n"')).toBeUndefined();
      expect(validationMessage({ pattern: '^[0-9]+$' }, '"3\\n\\n"')).toBe("'3\\n\\n' does not match '^[0-9]+$'");
    });

    it('ignores non-strings', () => {
      expect(validationMessage({ pattern: '^a' }, '5')).toBeUndefined();
    });
  });

  describe('minLength and maxLength', () => {
    it('use the jsonschema 4.23 wording, which special-cases 1 and 0', () => {
      expect(validationMessage({ minLength: 1 }, '""')).toBe("'' should be non-empty");
      expect(validationMessage({ minLength: 2 }, '"a"')).toBe("'a' is too short");
      expect(validationMessage({ maxLength: 0 }, '"a"')).toBe("'a' is expected to be empty");
      expect(validationMessage({ maxLength: 2 }, '"abc"')).toBe("'abc' is too long");
    });

    it('count code points', () => {
      expect(validationMessage({ maxLength: 1 }, '"😀"')).toBeUndefined();
    });
  });

  describe('minimum and maximum', () => {
    it('check numbers, and numeric strings converted as Cinder converts them', () => {
      expect(validationMessage(wrap({ minimum: 1 }), '{"f": "0"}')).toBe(
        'Invalid input for field/attribute f. Value: 0. 0 is less than the minimum of 1',
      );
      expect(validationMessage({ minimum: 1 }, '" -5 "')).toBe('-5 is less than the minimum of 1');
      expect(validationMessage({ minimum: 1 }, '"0.5"')).toBe('0.5 is less than the minimum of 1');
      expect(validationMessage({ minimum: 1 }, '"1_0"')).toBeUndefined();
      expect(validationMessage({ maximum: 10 }, '"1e3"')).toBe('1000.0 is greater than the maximum of 10');
      expect(validationMessage({ maximum: 10 }, '"-inf"')).toBeUndefined();
      expect(validationMessage({ minimum: 0 }, '"-Infinity"')).toBe('-inf is less than the minimum of 0');
    });

    it('skip values that neither int() nor float() accept', () => {
      expect(validationMessage({ minimum: 1 }, '"abc"')).toBeUndefined();
      expect(validationMessage({ minimum: 1 }, '""')).toBeUndefined();
      expect(validationMessage({ minimum: 1 }, 'null')).toBeUndefined();
      expect(validationMessage({ minimum: 1 }, '[0]')).toBeUndefined();
      expect(validationMessage({ minimum: 1 }, '"nan"')).toBeUndefined();
    });

    it('truncate floats and count booleans, as int() does', () => {
      expect(validationMessage({ minimum: 1 }, '0.9')).toBe('0 is less than the minimum of 1');
      expect(validationMessage({ minimum: 2 }, 'true')).toBe('1 is less than the minimum of 2');
    });

    it('compare huge integers exactly and print them whole', () => {
      expect(validationMessage({ maximum: 2147483647 }, '"99999999999999999999"')).toBe(
        '99999999999999999999 is greater than the maximum of 2147483647',
      );
    });

    it('fail with 500 on an infinite float, where int() raises OverflowError', () => {
      expect(() => validate({ minimum: 1 }, new PyFloat(Infinity))).toThrow(
        expect.objectContaining({ status: 500 }),
      );
    });
  });

  describe('format', () => {
    it('reports a value the checker refuses', () => {
      expect(validationMessage({ format: 'uuid' }, '"abc"')).toBe("'abc' is not a 'uuid'");
      expect(validationMessage({ format: 'uuid' }, '5')).toBe("5 is not a 'uuid'");
    });

    it('ignores unknown formats', () => {
      expect(validationMessage({ format: 'email' }, '"x"')).toBeUndefined();
      expect(validationMessage({ format: 'constructor' }, '"x"')).toBeUndefined();
    });
  });

  describe('anyOf and oneOf', () => {
    it('accept a value valid under one alternative', () => {
      expect(validationMessage({ anyOf: [{ type: 'null' }, { type: 'string' }] }, '"x"')).toBeUndefined();
      expect(validationMessage({ oneOf: [{ type: 'null' }, { type: 'string' }] }, 'null')).toBeUndefined();
    });

    it('report a value valid under none', () => {
      expect(validationMessage(wrap({ anyOf: [{ required: ['a'] }, { required: ['b'] }] }), '{"f": {}}')).toBe(
        'Invalid input for field/attribute f. Value: {}. {} is not valid under any of the given schemas',
      );
      expect(validationMessage({ oneOf: [{ type: 'null' }, { format: 'uuid' }] }, '"x"')).toBe(
        "'x' is not valid under any of the given schemas",
      );
    });

    it('refuse, for oneOf, a value valid under several, listing the later ones then the first', () => {
      expect(validationMessage({ oneOf: [{ type: 'string' }, { minLength: 1 }, { maxLength: 5 }] }, '"x"')).toBe(
        "'x' is valid under each of {'minLength': 1}, {'maxLength': 5}, {'type': 'string'}",
      );
    });
  });

  it('treats undefined (no body) as None', () => {
    expect(() => validate({ type: 'object' }, undefined)).toThrow("None is not of type 'object'");
  });
});
