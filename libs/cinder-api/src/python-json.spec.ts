import { isPyDict, parsePythonJson, PyFloat, pyKeys } from './python-json';
import { faultOf } from './spec-helpers';

const faultFor = (text: string) => faultOf(() => parsePythonJson(text));

describe('parsePythonJson', () => {
  describe('numbers', () => {
    it('keeps integers as plain numbers', () => {
      expect(parsePythonJson('[0, -7, 2147483648, 9007199254740991]')).toEqual([0, -7, 2147483648, 9007199254740991]);
    });

    it('turns "-0" into 0, as Python has no negative integer zero', () => {
      expect(Object.is(parsePythonJson('-0'), 0)).toBe(true);
    });

    it('keeps integers beyond 2^53 exact as BigInts', () => {
      expect(parsePythonJson('[12345678901234567890, -9007199254740993]')).toEqual([
        12345678901234567890n,
        -9007199254740993n,
      ]);
    });

    it.each([
      ['3.0', 3],
      ['1e3', 1000],
      ['1E-2', 0.01],
      ['-2.5e+1', -25],
      ['1e400', Infinity],
    ])('reads %s as a Python float', (text, value) => {
      const parsed = parsePythonJson(text);
      expect(parsed).toBeInstanceOf(PyFloat);
      expect((parsed as PyFloat).value).toBe(value);
    });

    it('accepts the constants Python accepts', () => {
      const [nan, inf, negInf] = parsePythonJson('[NaN, Infinity, -Infinity]') as PyFloat[];
      expect(nan.value).toBeNaN();
      expect(inf.value).toBe(Infinity);
      expect(negInf.value).toBe(-Infinity);
    });

    it('behaves as a number in arithmetic and in JSON.stringify', () => {
      const half = parsePythonJson('0.5') as PyFloat;
      expect(+half * 4).toBe(2);
      expect(JSON.stringify({ half })).toBe('{"half":0.5}');
    });

    it('accepts an integer of 4300 digits and refuses one of 4301, like CPython', () => {
      expect(typeof parsePythonJson('9'.repeat(4300))).toBe('bigint');
      expect(faultFor(`-${'9'.repeat(4301)}`).message).toBe('Malformed request body');
    });
  });

  describe('strings', () => {
    it('decodes every escape', () => {
      expect(parsePythonJson('"\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\\u00E9"')).toBe('"\\/\b\f\n\r\té\u00e9');
    });

    it('joins escaped surrogate pairs and keeps lone surrogates', () => {
      expect(parsePythonJson('"\\ud83d\\ude00"')).toBe('😀');
      expect(parsePythonJson('"\\ud800x"')).toBe('\ud800x');
    });

    it('keeps raw non-ASCII text and DEL', () => {
      expect(parsePythonJson('"é😀\x7f"')).toBe('é😀\x7f');
    });
  });

  describe('objects', () => {
    it('keeps the last value of a duplicate key at the first key position', () => {
      const parsed = parsePythonJson('{"a": 1, "b": 2, "a": 3}') as Record<string, unknown>;
      expect(parsed).toEqual({ a: 3, b: 2 });
      expect(pyKeys(parsed)).toEqual(['a', 'b']);
    });

    it('remembers the source order of integer-like keys, which JavaScript would move first', () => {
      const parsed = parsePythonJson('{"b": 1, "10": 2, "a": 3, "2": 4, "10": 5}') as Record<string, unknown>;
      expect(Object.keys(parsed)).toEqual(['2', '10', 'b', 'a']);
      expect(pyKeys(parsed)).toEqual(['b', '10', 'a', '2']);
    });

    it('stores "__proto__" as an ordinary key', () => {
      const parsed = parsePythonJson('{"__proto__": {"polluted": true}}') as Record<string, unknown>;
      expect(Object.hasOwn(parsed, '__proto__')).toBe(true);
      expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype);
      expect((parsed as { polluted?: boolean }).polluted).toBeUndefined();
    });

    it('nests values inside objects and arrays, with JSON whitespace anywhere between tokens', () => {
      expect(parsePythonJson(' \r\n\t{ "a" : [ 1 , { } , [ ] , "x" , true , false , null ] } \n')).toEqual({
        a: [1, {}, [], 'x', true, false, null],
      });
    });
  });

  it('accepts a top-level scalar', () => {
    expect(parsePythonJson('"os-extend"')).toBe('os-extend');
  });

  it.each([
    '',
    ' ',
    '{',
    '}',
    '[1,]',
    '[1 2]',
    '{"a":1,}',
    '{"a" 1}',
    '{a: 1}',
    "{'a': 1}",
    '01',
    '1.',
    '.5',
    '1e',
    '-',
    '+1',
    '-NaN',
    'nan',
    'tru',
    'True',
    'None',
    '"a\nb"',
    '"\\x41"',
    '"\\u12"',
    '"\\u12G4"',
    '"unterminated',
    '{} x',
    '\ufeff{}',
    '\f1',
    '1\u00a0',
  ])('refuses %j as a malformed body', (text) => {
    const fault = faultFor(text);
    expect([fault.status, fault.message]).toEqual([400, 'Malformed request body']);
  });

  it('parses nesting 1000 deep, and answers 500 beyond it like Python\'s uncaught RecursionError', () => {
    expect(() => parsePythonJson(`${'['.repeat(1000)}${']'.repeat(1000)}`)).not.toThrow();
    expect(faultFor(`${'[{"a":'.repeat(500)}1`).status).toBe(400);
    const fault = faultFor(`${'['.repeat(1001)}${']'.repeat(1001)}`);
    expect([fault.status, fault.key]).toEqual([500, 'computeFault']);
  });
});

describe('isPyDict', () => {
  it('holds for decoded objects only', () => {
    expect(isPyDict({})).toBe(true);
    expect(isPyDict([])).toBe(false);
    expect(isPyDict(null)).toBe(false);
    expect(isPyDict(new PyFloat(1))).toBe(false);
  });
});
