import { ThroughputWindow, type CountedChange } from './throughput-window';

const change = (at: string, origin: CountedChange['origin'], request: string, project = 'p1'): CountedChange => ({
  origin, request_id: request, event_id: `${request}-${origin}-${at}`, project_id: project, recorded_at: at,
});

describe('commands and jobs per second (ThroughputWindow)', () => {
  it('counts each request once per origin, in the second its first event was recorded', () => {
    const window = new ThroughputWindow();
    window.record(change('2026-11-27T10:00:00.100Z', 'command', 'req-1'));
    // the same command's second event, and the job that finished what it asked
    window.record(change('2026-11-27T10:00:00.200Z', 'command', 'req-1'));
    window.record(change('2026-11-27T10:00:01.500Z', 'job', 'req-1'));
    window.record(change('2026-11-27T10:00:01.900Z', 'command', 'req-2'));
    expect(window.samples(Date.parse('2026-11-27T10:00:02.300Z'), 3, null)).toEqual([
      { at: '2026-11-27T09:59:59.000Z', commands_per_second: 0, jobs_per_second: 0, projection_lag_events: null },
      { at: '2026-11-27T10:00:00.000Z', commands_per_second: 1, jobs_per_second: 0, projection_lag_events: null },
      { at: '2026-11-27T10:00:01.000Z', commands_per_second: 1, jobs_per_second: 1, projection_lag_events: null },
    ]);
  });

  it('answers one project\'s share, or everyone\'s', () => {
    const window = new ThroughputWindow();
    window.record(change('2026-11-27T10:00:00.100Z', 'command', 'req-1', 'p1'));
    window.record(change('2026-11-27T10:00:00.200Z', 'command', 'req-2', 'p2'));
    const now = Date.parse('2026-11-27T10:00:01.000Z');
    expect(window.samples(now, 1, 'p2')[0].commands_per_second).toBe(1);
    expect(window.samples(now, 1, 'p3')[0].commands_per_second).toBe(0);
    expect(window.samples(now, 1, null)[0].commands_per_second).toBe(2);
  });

  it('keeps the lag sampled in each second, and forgets what is older than the window', () => {
    const window = new ThroughputWindow(60);
    window.recordLag(Date.parse('2026-11-27T10:00:00.500Z'), 12);
    window.record(change('2026-11-27T10:00:00.100Z', 'job', 'req-1'));
    expect(window.samples(Date.parse('2026-11-27T10:00:01Z'), 1, null)).toEqual([
      { at: '2026-11-27T10:00:00.000Z', commands_per_second: 0, jobs_per_second: 1, projection_lag_events: 12 },
    ]);
    // A reading carries over a timer's drift, not further.
    expect(window.samples(Date.parse('2026-11-27T10:00:04Z'), 4, null).map((s) => s.projection_lag_events)).toEqual([12, 12, 12, null]);
    const later = window.samples(Date.parse('2026-11-27T10:05:00Z'), 600, null);
    expect(later).toHaveLength(60);
    expect(later.every((s) => s.jobs_per_second === 0 && s.projection_lag_events === null)).toBe(true);
  });
});
