import { areaPath, linePath, niceCeiling, trimWindow } from './chart-scale';

describe('niceCeiling', () => {
  it.each([
    [0, 1],
    [0.3, 1],
    [1, 1],
    [1.5, 2],
    [3, 5],
    [7, 10],
    [12, 20],
    [480, 500],
    [501, 1000],
  ])('%d rounds up to %d', (value, top) => {
    expect(niceCeiling(value)).toBe(top);
  });

  it('honours a smaller floor for small values', () => {
    expect(niceCeiling(0.03, 0.01)).toBe(0.05);
  });
});

describe('linePath and areaPath', () => {
  const frame = { width: 100, height: 50, from: 0, to: 1000, max: 10 };

  it('maps time to x and value to y, top at max, leaving out points outside the range', () => {
    expect(linePath([{ at: 500, value: 5 }, { at: 0, value: 0 }, { at: 1000, value: 10 }, { at: 2000, value: 1 }], frame)).toBe(
      'M0,50 L50,25 L100,0',
    );
  });

  it('clamps values above the top and below zero', () => {
    expect(linePath([{ at: 0, value: 20 }, { at: 1000, value: -3 }], frame)).toBe('M0,0 L100,50');
  });

  it('closes the area down to the baseline', () => {
    expect(areaPath([{ at: 0, value: 10 }, { at: 1000, value: 5 }], frame)).toBe('M0,0 L100,25 L100,50 L0,50 Z');
    expect(areaPath([], frame)).toBe('');
  });
});

describe('trimWindow', () => {
  it('keeps the last window before the newest sample, sorted, one sample per time', () => {
    const s = (sec: number, v: number) => ({ at: new Date(sec * 1000).toISOString(), v });
    expect(trimWindow([s(5, 1), s(1, 1), s(3, 1), s(5, 2), s(4, 1)], 2500).map((x) => [Date.parse(x.at) / 1000, x.v])).toEqual([
      [3, 1],
      [4, 1],
      [5, 2],
    ]);
  });
});
