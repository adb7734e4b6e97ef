import { invalidInput, type ApiVersion } from '@app/cinder-api';
import type { VolumeView } from '@app/read-model';
import {
  columnPredicate,
  generalFiltering,
  matchesMetadata,
  matchesTime,
  removeInvalidFilterOptions,
  RESOURCE_FILTERS,
  timeComparisonFilter,
  type TimeFilter,
} from './cinder-filters';
import { boolFromString } from './list-params';
import type { Columns } from './listing';
import { literalEval } from './python-literal';
import type { QueryParams } from './query-params';

/** The volume attributes filters and sort keys may name: Cinder's `volumes` columns. */
export const VOLUME_COLUMNS: Columns<VolumeView> = {
  id: (v) => v.id,
  user_id: (v) => v.user_id,
  project_id: (v) => v.project_id,
  host: (v) => v.host,
  cluster_name: (v) => v.cluster_name,
  size: (v) => v.size,
  availability_zone: (v) => v.availability_zone,
  status: (v) => v.status,
  previous_status: (v) => v.previous_status,
  attach_status: (v) => v.attach_status,
  migration_status: (v) => v.migration_status,
  display_name: (v) => v.name,
  display_description: (v) => v.description,
  provider_location: (v) => v.provider_location,
  volume_type_id: (v) => v.volume_type_id,
  bootable: (v) => v.bootable,
  multiattach: (v) => v.multiattach,
  replication_status: (v) => v.replication_status,
  consistencygroup_id: (v) => v.consistencygroup_id,
  group_id: (v) => v.group_id,
  encryption_key_id: (v) => v.encryption_key_id,
  created_at: (v) => v.created_at,
  updated_at: (v) => v.updated_at,
  terminated_at: (v) => v.terminated_at,
  deleted: (v) => v.deleted,
  use_quota: () => true,
  snapshot_id: () => null,
  source_volid: () => null,
};

/** Boolean columns (`get_booleans_for_table('volume')`), whose filter values are parsed as booleans. */
const BOOLEANS = ['bootable', 'multiattach', 'deleted', 'use_quota'];

/** Filters a microversion added, dropped by older requests (before 3.31 only, as in Cinder). */
const MV_ADDED_FILTERS: Array<[string, string]> = [
  ['3.4', 'glance_metadata'],
  ['3.10', 'group_id'],
  ['3.60', 'created_at'],
  ['3.60', 'updated_at'],
  ['3.65', 'use_quota'],
];

export interface VolumeQuery {
  allTenants: boolean;
  withCount: boolean;
  /** Null when a filter names no volume attribute: Cinder then lists nothing. */
  matches: ((view: VolumeView) => boolean) | null;
}

/**
 * What's left of GET /volumes' parameters after pagination and sorting, read as Cinder's
 * `_get_volumes` and `check_volume_filters` read them, in their order (so the same request fails
 * with the same message).
 */
export function volumeQuery(params: QueryParams, isAdmin: boolean, version: ApiVersion): VolumeQuery {
  let withCount = false;
  if (version.atLeast('3.45') && params.has('with_count')) withCount = boolFromString(params.pop('with_count'));
  const filters = new Map<string, unknown>(params.toDict());
  if (version.atLeast('3.31')) {
    generalFiltering(filters, isAdmin, RESOURCE_FILTERS.volume, version.atLeast('3.34'));
  } else {
    for (const [added, key] of MV_ADDED_FILTERS) if (!version.atLeast(added)) filters.delete(key);
    removeInvalidFilterOptions(filters, isAdmin, RESOURCE_FILTERS.volume);
  }
  rename(filters, 'name', 'display_name');
  if (filters.has('use_quota')) filters.set('use_quota', boolFromString(filters.get('use_quota')));
  const times = new Map<string, TimeFilter>();
  for (const key of ['created_at', 'updated_at']) {
    if (filters.has(key)) {
      times.set(key, timeComparisonFilter(key, String(filters.get(key))));
      filters.delete(key);
    }
  }
  checkVolumeFilters(filters, version.atLeast('3.2'));
  const allTenants = filters.has('all_tenants') && boolFromString(filters.get('all_tenants')) && isAdmin;
  filters.delete('all_tenants');
  return { allTenants, withCount, matches: volumePredicate(filters, times, isAdmin) };
}

/** volume/api.py `check_volume_filters`: booleans parsed (strictly from 3.2), names raw, the rest literal_eval'd. */
function checkVolumeFilters(filters: Map<string, unknown>, strict: boolean) {
  for (const [key, value] of filters) {
    if (typeof value !== 'string') continue;
    if (BOOLEANS.includes(key)) {
      filters.set(key, booleanFilter(key, value, strict));
    } else if (key !== 'display_name') {
      try {
        filters.set(key, literalEval(value));
      } catch {
        // Cinder keeps a value it cannot evaluate as the string it is.
      }
    }
  }
}

function booleanFilter(key: string, value: string, strict: boolean): boolean {
  if (strict) {
    try {
      return boolFromString(value, true);
    } catch {
      throw invalidInput(`'${key} = ${value}'`);
    }
  }
  if (['False', 'false', 'FALSE'].includes(value)) return false;
  if (['True', 'true', 'TRUE'].includes(value)) return true;
  return value.length > 0;
}

/** db/sqlalchemy/api.py `_process_volume_filters` and its LIKE decorator. */
function volumePredicate(filters: Map<string, unknown>, times: Map<string, TimeFilter>, isAdmin: boolean): VolumeQuery['matches'] {
  const checks: Array<(view: VolumeView) => boolean> = [(view) => !view.deleted];
  // A non-admin never sees the temporary target of a migration.
  if (!isAdmin) checks.push((view) => view.migration_status === null || !view.migration_status.startsWith('target:'));
  for (const [key, host] of [['host', filters.get('host')], ['cluster_name', filters.get('cluster_name')]] as const) {
    filters.delete(key);
    if (host) checks.push((view) => matchesHost(VOLUME_COLUMNS[key](view), String(host)));
  }
  for (const [key, filter] of times) checks.push((view) => matchesTime(VOLUME_COLUMNS[key](view), filter));
  for (const key of ['metadata', 'glance_metadata']) {
    if (!filters.has(key)) continue;
    const wanted = filters.get(key);
    filters.delete(key);
    if (!wanted || typeof wanted !== 'object' || Array.isArray(wanted)) return null;
    if (key === 'metadata') checks.push((view) => matchesMetadata([view.metadata, view.admin_metadata], wanted as Record<string, unknown>));
    else checks.push((view) => matchesMetadata([view.volume_image_metadata], wanted as Record<string, unknown>));
  }
  const columns = columnPredicate(filters, VOLUME_COLUMNS);
  if (!columns) return null;
  checks.push(columns);
  return (view) => checks.every((check) => check(view));
}

/** `_filter_host`: a host matches its backends and pools, a backend its pools. */
function matchesHost(actual: unknown, wanted: string): boolean {
  if (typeof actual !== 'string') return false;
  if (actual === wanted) return true;
  if (wanted.includes('#')) return false;
  if (actual.startsWith(`${wanted}#`)) return true;
  return !wanted.includes('@') && actual.startsWith(`${wanted}@`);
}

function rename(filters: Map<string, unknown>, from: string, to: string) {
  if (!filters.has(from)) return;
  filters.set(to, filters.get(from));
  filters.delete(from);
}

/** GET /volumes/summary: only all_tenants counts (after a non-admin's unknown filters are dropped). */
export function summaryAllTenants(params: QueryParams, isAdmin: boolean): boolean {
  return isAdmin && params.has('all_tenants') && boolFromString(params.get('all_tenants'));
}
