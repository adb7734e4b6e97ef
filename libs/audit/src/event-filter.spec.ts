import type { RecordedEvent } from '@app/event-store';
import { matchesFilter, parseActorFilter, parseIsoTime } from './event-filter';

const event = (type: string, timestamp: string, user: string, project: string): RecordedEvent => ({
  id: 'e', streamId: 'volume-v', revision: 0, position: 1n, recordedAt: '2026-11-27T12:00:00.000Z', type, data: {},
  metadata: { timestamp, actor: { user_id: user, project_id: project, service: false } },
});

describe('event filters', () => {
  const extend = event('VolumeExtendRequested', '2026-11-27T10:00:00.000Z', 'alice', 'p1');

  it('keeps everything without criteria', () => {
    expect(matchesFilter(extend, {})).toBe(true);
  });

  it('selects by type', () => {
    expect(matchesFilter(extend, { types: new Set(['VolumeExtendRequested', 'VolumeCreated']) })).toBe(true);
    expect(matchesFilter(extend, { types: new Set(['VolumeCreated']) })).toBe(false);
  });

  it('selects by an inclusive time range on the time the request carried', () => {
    const at = Date.parse('2026-11-27T10:00:00.000Z');
    expect(matchesFilter(extend, { since: at, until: at })).toBe(true);
    expect(matchesFilter(extend, { since: at + 1 })).toBe(false);
    expect(matchesFilter(extend, { until: at - 1 })).toBe(false);
  });

  it('selects by user, by user in a project, or by project', () => {
    expect(matchesFilter(extend, { actor: { user: 'alice' } })).toBe(true);
    expect(matchesFilter(extend, { actor: { user: 'alice', project: 'p2' } })).toBe(false);
    expect(matchesFilter(extend, { actor: { project: 'p1' } })).toBe(true);
    expect(matchesFilter(extend, { actor: { user: 'bob' } })).toBe(false);
  });

  it('parses actor filters', () => {
    expect(parseActorFilter('alice')).toEqual({ user: 'alice' });
    expect(parseActorFilter('alice@p1')).toEqual({ user: 'alice', project: 'p1' });
    expect(parseActorFilter('@p1')).toEqual({ project: 'p1' });
    expect(parseActorFilter('@')).toBeNull();
  });

  it('accepts ISO 8601 dates and times only', () => {
    expect(parseIsoTime('2026-11-27')).toBe(Date.parse('2026-11-27'));
    expect(parseIsoTime('2026-11-27T10:00:00Z')).toBe(Date.parse('2026-11-27T10:00:00Z'));
    expect(parseIsoTime('2026-11-27T10:00:00.123+02:00')).toBe(Date.parse('2026-11-27T08:00:00.123Z'));
    expect(parseIsoTime('yesterday')).toBeNull();
    expect(parseIsoTime('1700000000')).toBeNull();
    expect(parseIsoTime('2026-13-45')).toBeNull();
  });
});
