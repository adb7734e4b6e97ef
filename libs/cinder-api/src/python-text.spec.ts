import { codePointLength, pySplit, pyStrip } from './python-text';

describe('pySplit', () => {
  it('splits on runs of any Python whitespace and drops empty tokens', () => {
    expect(pySplit('  volume \t\n 3.1\x1f')).toEqual(['volume', '3.1']);
    expect(pySplit('a\x85b\xa0c\u3000d')).toEqual(['a', 'b', 'c', 'd']);
  });

  it('does not split on characters Python does not count as whitespace', () => {
    expect(pySplit('a\ufeffb\u200bc')).toEqual(['a\ufeffb\u200bc']);
  });

  it('gives nothing for a blank string', () => {
    expect(pySplit(' \t ')).toEqual([]);
  });
});

describe('pyStrip', () => {
  it('removes Python whitespace at both ends only', () => {
    expect(pyStrip('\x1c\u2028 a b \u00a0')).toBe('a b');
  });

  it('keeps a byte order mark, which Python does not strip', () => {
    expect(pyStrip('\ufeffa')).toBe('\ufeffa');
  });
});

describe('codePointLength', () => {
  it('counts an astral character once', () => {
    expect(codePointLength('a😀b')).toBe(3);
  });

  it('counts a lone surrogate once', () => {
    expect(codePointLength('\ud800x')).toBe(2);
  });
});
