import { PyFloat } from './python-json';
import { numberFromStr } from './python-number';
import { faultOf } from './spec-helpers';

describe('numberFromStr', () => {
  it('passes integers through and counts booleans as 0 and 1', () => {
    expect(numberFromStr(7)).toBe(7);
    expect(numberFromStr(2n ** 70n)).toBe(2n ** 70n);
    expect(numberFromStr(true)).toBe(1);
    expect(numberFromStr(false)).toBe(0);
  });

  it.each([
    ['42', 42],
    [' -5\n', -5],
    ['+7', 7],
    ['007', 7],
    ['1_000', 1000],
    ['99999999999999999999', 99999999999999999999n],
  ])('reads the string %j as the int %p', (text, value) => {
    expect(numberFromStr(text)).toBe(value);
  });

  it.each([
    ['0.5', 0.5],
    ['5.', 5],
    ['.5', 0.5],
    ['-1E3', -1000],
    ['1_0.2_5', 10.25],
    [' inf ', Infinity],
    ['-Infinity', -Infinity],
    ['9'.repeat(4301), Infinity],
  ])('reads the string %j as the float %p', (text, value) => {
    expect(numberFromStr(text)).toEqual(new PyFloat(value));
  });

  it('reads "nan" as a float that compares false with everything', () => {
    expect((numberFromStr('NaN') as PyFloat).value).toBeNaN();
  });

  it.each(['', ' ', 'abc', '1__0', '_1', '1_', '0x10', '1e', '.', '--1'])('gives up on %j', (text) => {
    expect(numberFromStr(text)).toBeUndefined();
  });

  it('gives up on None, lists and dicts', () => {
    expect(numberFromStr(null)).toBeUndefined();
    expect(numberFromStr([1])).toBeUndefined();
    expect(numberFromStr({})).toBeUndefined();
  });

  it('truncates floats toward zero, as int() does', () => {
    expect(numberFromStr(new PyFloat(-2.9))).toBe(-2);
    expect(numberFromStr(new PyFloat(0.9))).toBe(0);
  });

  it('keeps nan, and fails with 500 on an infinite float, where int() raises OverflowError', () => {
    expect((numberFromStr(new PyFloat(NaN)) as PyFloat).value).toBeNaN();
    expect(faultOf(() => numberFromStr(new PyFloat(-Infinity))).status).toBe(500);
  });
});
