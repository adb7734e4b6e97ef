import { applyToCounts, filterQuery, isStranded, matchesFilters, NO_FILTERS } from './volume-filters';
import type { VolumeRow } from './types';

const row = (overrides: Partial<VolumeRow> = {}): VolumeRow => ({
  id: 'v1',
  name: null,
  project_id: 'p',
  status: 'available',
  size: 1,
  host: 'h@lvm#pool',
  volume_type: '__DEFAULT__',
  attach_status: 'detached',
  updated_at: '2026-11-27T19:00:00.000Z',
  revision: 1,
  waiting_for: null,
  stranded: false,
  ...overrides,
});

describe('matchesFilters', () => {
  it('passes anything with no filters, and checks each filter that is set', () => {
    expect(matchesFilters(row(), NO_FILTERS)).toBe(true);
    expect(matchesFilters(row(), { ...NO_FILTERS, project_id: 'p', host: 'h@lvm#pool' })).toBe(true);
    expect(matchesFilters(row(), { ...NO_FILTERS, volume_type: 'fast' })).toBe(false);
    expect(matchesFilters(row(), { ...NO_FILTERS, status: 'error' })).toBe(false);
  });

  it('can leave the status filter out, as the counts do', () => {
    expect(matchesFilters(row(), { ...NO_FILTERS, status: 'error' }, { ignoreStatus: true })).toBe(true);
  });
});

describe('filterQuery', () => {
  it('names only the filters that are set', () => {
    expect(filterQuery(NO_FILTERS)).toBe('');
    expect(filterQuery({ ...NO_FILTERS, status: 'in-use', host: 'a b' })).toBe('?status=in-use&host=a+b');
    expect(filterQuery({ ...NO_FILTERS, status: 'in-use', host: 'a' }, { withStatus: false })).toBe('?host=a');
  });
});

describe('applyToCounts', () => {
  it('moves a volume from its old status to its new one', () => {
    expect(applyToCounts({ available: 2 }, row(), row({ status: 'extending' }), NO_FILTERS)).toEqual({ available: 1, extending: 1 });
  });

  it('counts a new volume and uncounts a deleted one, dropping empty counts', () => {
    expect(applyToCounts({}, null, row({ status: 'creating' }), NO_FILTERS)).toEqual({ creating: 1 });
    expect(applyToCounts({ deleting: 1 }, row({ status: 'deleting' }), null, NO_FILTERS)).toEqual({});
  });

  it('counts whatever the status filter, but only volumes matching the other filters', () => {
    const filters = { ...NO_FILTERS, status: 'error', project_id: 'p' };
    expect(applyToCounts({}, null, row({ status: 'available' }), filters)).toEqual({ available: 1 });
    expect(applyToCounts({}, null, row({ project_id: 'q' }), filters)).toEqual({});
  });
});

describe('isStranded', () => {
  const now = Date.parse('2026-11-27T19:10:00.000Z');

  it('believes the API when it says stranded', () => {
    expect(isStranded(row({ stranded: true }), now, 600_000)).toBe(true);
  });

  it('marks a waiting volume with no event for longer than the limit, and never a settled one', () => {
    expect(isStranded(row({ waiting_for: 'job' }), now, 300_000)).toBe(true);
    expect(isStranded(row({ waiting_for: 'job' }), now, 900_000)).toBe(false);
    expect(isStranded(row({ waiting_for: null }), now, 1)).toBe(false);
  });
});
