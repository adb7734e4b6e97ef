import { formatAge, formatClock, formatDateTime, formatDuration, parseTime } from './time-format';

describe('formatDuration', () => {
  it.each([
    [0, '0 ms'],
    [850, '850 ms'],
    [1234, '1.2 s'],
    [42_400, '42 s'],
    [185_000, '3 min 5 s'],
    [120_000, '2 min'],
    [7_800_000, '2 h 10 min'],
    [3 * 86_400_000 + 4 * 3_600_000, '3 d 4 h'],
    [-1, '–'],
  ])('%d ms reads %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});

describe('formatClock and formatAge', () => {
  it('show a UTC time of day with milliseconds', () => {
    expect(formatClock('2026-11-27T19:25:03.042Z')).toBe('19:25:03.042');
  });

  it('say how long ago a time was', () => {
    const now = Date.parse('2026-11-27T19:25:10.000Z');
    expect(formatAge('2026-11-27T19:25:09.500Z', now)).toBe('just now');
    expect(formatAge('2026-11-27T19:24:58.000Z', now)).toBe('12 s ago');
    expect(formatAge(null, now)).toBe('–');
  });
});

describe('parseTime', () => {
  it('reads Cinder\'s naive times as UTC and keeps an explicit zone', () => {
    expect(parseTime('2026-11-27T19:25:03.042000')).toBe(Date.parse('2026-11-27T19:25:03.042Z'));
    expect(parseTime('2026-11-27T19:25:03.042Z')).toBe(Date.parse('2026-11-27T19:25:03.042Z'));
    expect(parseTime('2026-11-27T20:25:03+01:00')).toBe(Date.parse('2026-11-27T19:25:03Z'));
    expect(parseTime(null)).toBeNaN();
    expect(formatDateTime('2026-11-27T19:25:03.042000')).toBe('2026-11-27 19:25:03');
  });
});
