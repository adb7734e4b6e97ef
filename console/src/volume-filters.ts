import { parseTime } from './time-format';
import type { VolumeRow } from './types';

export interface VolumeFilters {
  status: string;
  project_id: string;
  host: string;
  volume_type: string;
}

export const NO_FILTERS: VolumeFilters = { status: '', project_id: '', host: '', volume_type: '' };

/** Whether a row passes the filters ('' passes anything), the status filter left out if asked. */
export function matchesFilters(row: VolumeRow, filters: VolumeFilters, { ignoreStatus = false } = {}): boolean {
  return (
    (ignoreStatus || !filters.status || row.status === filters.status) &&
    (!filters.project_id || row.project_id === filters.project_id) &&
    (!filters.host || row.host === filters.host) &&
    (!filters.volume_type || row.volume_type === filters.volume_type)
  );
}

/** The query string of GET /v3/console/volumes for the filters, the empty ones left out. */
export function filterQuery(filters: VolumeFilters, { withStatus = true } = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filters)) if (value && (withStatus || key !== 'status')) params.set(key, value);
  const query = params.toString();
  return query ? `?${query}` : '';
}

/**
 * The counts after one volume changed: counts are over the rows matching every filter but the
 * status (as the API counts them), so the old row leaves its status's count and the new one joins
 * its own, each only if it matches. Counts that reach 0 are dropped.
 */
export function applyToCounts(
  counts: Record<string, number>,
  before: VolumeRow | null,
  after: VolumeRow | null,
  filters: VolumeFilters,
): Record<string, number> {
  const next = { ...counts };
  if (before && matchesFilters(before, filters, { ignoreStatus: true })) {
    next[before.status] = (next[before.status] ?? 0) - 1;
    if (next[before.status] <= 0) delete next[before.status];
  }
  if (after && matchesFilters(after, filters, { ignoreStatus: true })) next[after.status] = (next[after.status] ?? 0) + 1;
  return next;
}

/**
 * Stranded: the API's flag, or a row that has waited on a job or a service with no event for
 * longer than the engine's STUCK_AFTER_MS since the API said otherwise (time passes without events).
 */
export function isStranded(row: VolumeRow, now: number, stuckAfterMs: number): boolean {
  if (row.stranded) return true;
  if (row.waiting_for === null || !row.updated_at || !(stuckAfterMs > 0)) return false;
  return now - parseTime(row.updated_at) > stuckAfterMs;
}
