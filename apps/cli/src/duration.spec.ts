import { formatDuration, parseDuration } from './duration';

describe('durations', () => {
  it.each([
    ['1500ms', 1500],
    ['90s', 90_000],
    ['15m', 900_000],
    ['2h', 7_200_000],
    ['1d', 86_400_000],
  ])('reads %s', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(['', '5', '1.5h', '-1m', '2 weeks'])('refuses "%s"', (text) => {
    expect(parseDuration(text)).toBeNull();
  });

  it('writes them compactly', () => {
    expect([45_000, 200_000, 7_500_000, 273_600_000].map(formatDuration)).toEqual(['45s', '3m 20s', '2h 5m', '3d 4h']);
  });
});
