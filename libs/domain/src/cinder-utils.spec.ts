import { orList, pythonInt, pythonTruthy, sanitizeHostname } from './cinder-utils';

describe("Cinder's Python, where a client can see it", () => {
  it('joins alternatives with "or"', () => {
    expect(orList(['available', 'in-use'])).toBe('available or in-use');
    expect(orList(['available'])).toBe('available');
  });

  it('reads truthiness as Python does', () => {
    expect([undefined, null, false, ''].map(pythonTruthy)).toEqual([false, false, false, false]);
    expect([true, 'false', '0', ' '].map(pythonTruthy)).toEqual([true, true, true, true]);
  });

  it("parses integers as Python's int() does", () => {
    expect([' 4 ', '+4', '-4', '1_000'].map(pythonInt)).toEqual([4, 4, -4, 1000]);
    expect(['4.0', '', 'four', '_4'].map(pythonInt)).toEqual([null, null, null, null]);
  });

  it('sanitizes host names', () => {
    expect(sanitizeHostname(' My_Host.Example. ')).toBe('my-host.example');
    expect(sanitizeHostname('héllo wörld☃')).toBe('héllo-wörld');
  });
});
