import { axisEnd, axisPercent, continuesPast, statusSegments, timeInStatus } from './status-lane';

const t = (ms: number) => new Date(Date.parse('2026-11-27T19:00:00.000Z') + ms).toISOString();
const T0 = Date.parse(t(0));

describe('statusSegments', () => {
  it('gives each status the time from the event that entered it to the one that left it, the last until now', () => {
    const events = [
      { revision: 0, recorded_at: t(0), status_after: 'creating' },
      { revision: 1, recorded_at: t(300), status_after: 'available' },
      { revision: 2, recorded_at: t(5000), status_after: 'extending' },
      { revision: 3, recorded_at: t(6200), status_after: 'available' },
    ];
    expect(statusSegments(events, T0 + 10_000)).toEqual([
      { status: 'creating', start: T0, end: T0 + 300, durationMs: 300, fromRevision: 0, closed: true },
      { status: 'available', start: T0 + 300, end: T0 + 5000, durationMs: 4700, fromRevision: 1, closed: true },
      { status: 'extending', start: T0 + 5000, end: T0 + 6200, durationMs: 1200, fromRevision: 2, closed: true },
      { status: 'available', start: T0 + 6200, end: T0 + 10_000, durationMs: 3800, fromRevision: 3, closed: false },
    ]);
  });

  it('folds events that keep the status into the segment they fall in, whatever order they come in', () => {
    const events = [
      { revision: 2, recorded_at: t(2000), status_after: 'available' },
      { revision: 0, recorded_at: t(0), status_after: 'available' },
      { revision: 1, recorded_at: t(1000), status_after: 'available' },
    ];
    expect(statusSegments(events, T0 + 3000).map((s) => [s.status, s.durationMs, s.fromRevision])).toEqual([['available', 3000, 0]]);
  });

  it('ends the lane at a deletion', () => {
    const events = [
      { revision: 0, recorded_at: t(0), status_after: 'deleting' },
      { revision: 1, recorded_at: t(400), status_after: null },
    ];
    expect(statusSegments(events, T0 + 60_000)).toEqual([
      { status: 'deleting', start: T0, end: T0 + 400, durationMs: 400, fromRevision: 0, closed: true },
    ]);
  });

  it('never gives a segment a negative length when the clock is behind the log', () => {
    const [segment] = statusSegments([{ revision: 0, recorded_at: t(1000), status_after: 'available' }], T0);
    expect(segment.durationMs).toBe(0);
  });
});

describe('timeInStatus', () => {
  it('sums the segments of each status, longest first', () => {
    const segments = statusSegments(
      [
        { revision: 0, recorded_at: t(0), status_after: 'available' },
        { revision: 1, recorded_at: t(1000), status_after: 'extending' },
        { revision: 2, recorded_at: t(1500), status_after: 'available' },
      ],
      T0 + 2000,
    );
    expect(timeInStatus(segments)).toEqual([
      { status: 'available', durationMs: 1500 },
      { status: 'extending', durationMs: 500 },
    ]);
  });
});

describe('axisPercent', () => {
  it('places a time between the axis ends, clamped to them', () => {
    expect(axisPercent(150, 100, 200)).toBe(50);
    expect(axisPercent(50, 100, 200)).toBe(0);
    expect(axisPercent(250, 100, 200)).toBe(100);
    expect(axisPercent(100, 100, 100)).toBe(0);
  });
});

describe('axisEnd', () => {
  it('ends a deleted volume\'s axis at its last event', () => {
    expect(axisEnd(T0, T0 + 800, true, T0 + 60_000)).toBe(T0 + 800);
  });

  it('runs a live volume\'s axis to now while now is near', () => {
    expect(axisEnd(T0, T0 + 5000, false, T0 + 7000)).toBe(T0 + 7000);
  });

  it('stops as far past the last event as the history is long, at least a second', () => {
    expect(axisEnd(T0, T0 + 5000, false, T0 + 3_600_000)).toBe(T0 + 10_000);
    expect(axisEnd(T0, T0 + 200, false, T0 + 3_600_000)).toBe(T0 + 1200);
    expect(axisEnd(T0, T0, false, T0 + 3_600_000)).toBe(T0 + 1000);
  });

  it('marks the segment that runs past the end', () => {
    const [first, last] = statusSegments(
      [
        { revision: 0, recorded_at: t(0), status_after: 'creating' },
        { revision: 1, recorded_at: t(200), status_after: 'available' },
      ],
      T0 + 3_600_000,
    );
    const end = axisEnd(T0, T0 + 200, false, T0 + 3_600_000);
    expect([continuesPast(first, end), continuesPast(last, end)]).toEqual([false, true]);
  });
});
