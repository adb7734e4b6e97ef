import { parsePythonJson, PyFloat } from './python-json';
import { pythonRepr, pythonStr } from './python-repr';

describe('pythonRepr', () => {
  it.each([
    [null, 'None'],
    [undefined, 'None'],
    [true, 'True'],
    [false, 'False'],
    [0, '0'],
    [-42, '-42'],
    [1e21, '1000000000000000000000'],
    [12345678901234567890n, '12345678901234567890'],
  ])('renders %p as %s', (value, repr) => {
    expect(pythonRepr(value)).toBe(repr);
  });

  it.each([
    [3, '3.0'],
    [0, '0.0'],
    [-0, '-0.0'],
    [0.1, '0.1'],
    [0.1 + 0.2, '0.30000000000000004'],
    [123.456, '123.456'],
    [-2.5, '-2.5'],
    [0.0001, '0.0001'],
    [0.00001, '1e-05'],
    [1.5e-5, '1.5e-05'],
    [1e15, '1000000000000000.0'],
    [1234567890123456.7, '1234567890123456.8'],
    [1e16, '1e+16'],
    [1.5e300, '1.5e+300'],
    [-1e100, '-1e+100'],
    [5e-324, '5e-324'],
    [Infinity, 'inf'],
    [-Infinity, '-inf'],
    [NaN, 'nan'],
  ])('renders the float %p as %s', (value, repr) => {
    expect(pythonRepr(new PyFloat(value))).toBe(repr);
  });

  it('renders a non-integral JavaScript number as a float', () => {
    expect(pythonRepr(2.5)).toBe('2.5');
  });

  it.each([
    ['abc', "'abc'"],
    ['', "''"],
    ["it's", '"it\'s"'],
    ['say "hi"', '\'say "hi"\''],
    ['it\'s "x"', '\'it\\\'s "x"\''],
    ['back\\slash', "'back\\\\slash'"],
    ['tab\tnl\ncr\r', "'tab\\tnl\\ncr\\r'"],
    ['\x00\x1f\x7f', "'\\x00\\x1f\\x7f'"],
    ['\x85\xa0', "'\\x85\\xa0'"],
    ['é ü 日本 😀', "'é ü 日本 😀'"],
    ['\u200b\u2028\ufeff', "'\\u200b\\u2028\\ufeff'"],
    ['\ud800', "'\\ud800'"],
    ['\u{e0001}', "'\\U000e0001'"],
    ['\u{10ffff}', "'\\U0010ffff'"],
  ])('renders the string %j as %s', (value, repr) => {
    expect(pythonRepr(value)).toBe(repr);
  });

  it('renders lists and dicts with Python separators', () => {
    expect(pythonRepr([1, 'a', null, [true]])).toBe("[1, 'a', None, [True]]");
    expect(pythonRepr({ a: 1, b: null, c: { d: [] } })).toBe("{'a': 1, 'b': None, 'c': {'d': []}}");
    expect(pythonRepr({})).toBe('{}');
  });

  it('renders a decoded dict in its source key order', () => {
    expect(pythonRepr(parsePythonJson('{"z": 3.0, "1": "x"}'))).toBe("{'z': 3.0, '1': 'x'}");
  });

  it('refuses values JSON cannot produce', () => {
    expect(() => pythonRepr(() => 1)).toThrow('no Python equivalent for a function');
  });
});

describe('pythonStr', () => {
  it('leaves strings bare and renders everything else as repr', () => {
    expect(pythonStr("it's")).toBe("it's");
    expect(pythonStr(new PyFloat(3))).toBe('3.0');
    expect(pythonStr({ a: 'b' })).toBe("{'a': 'b'}");
    expect(pythonStr(null)).toBe('None');
  });
});
