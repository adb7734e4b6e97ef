import type { ApiVersion } from '@app/cinder-api';
import type { SnapshotDocument } from '@app/read-model';
import { columnPredicate, generalFiltering, matchesMetadata, removeInvalidFilterOptions, RESOURCE_FILTERS } from './cinder-filters';
import { boolFromString } from './list-params';
import type { Columns } from './listing';
import { literalEval } from './python-literal';
import type { QueryParams } from './query-params';

/** Cinder's `snapshots` columns, over the snapshot documents of the read model. */
export const SNAPSHOT_COLUMNS: Columns<SnapshotDocument> = {
  id: (s) => s.id,
  volume_id: (s) => s.volume_id,
  user_id: (s) => s.user_id,
  project_id: (s) => s.project_id,
  status: (s) => s.status,
  progress: (s) => s.progress,
  volume_size: (s) => s.size,
  display_name: (s) => s.name,
  display_description: (s) => s.description,
  created_at: (s) => s.created_at,
  updated_at: (s) => s.updated_at,
  group_snapshot_id: () => null,
  cgsnapshot_id: () => null,
  use_quota: () => true,
  deleted: () => false,
};

const SNAPSHOT_FILTER_OPTIONS = ['status', 'volume_id', 'name', 'metadata'];

const MV_ADDED_FILTERS: Array<[string, string]> = [
  ['3.22', 'metadata'],
  ['3.65', 'use_quota'],
];

export interface SnapshotQuery {
  allTenants: boolean;
  withCount: boolean;
  matches: ((snapshot: SnapshotDocument) => boolean) | null;
}

/** cinder/api/v3/snapshots.py `_items` and the database layer's `_process_snaps_filters`. */
export function snapshotQuery(params: QueryParams, isAdmin: boolean, version: ApiVersion): SnapshotQuery {
  let withCount = false;
  if (version.atLeast('3.45') && params.has('with_count')) withCount = boolFromString(params.pop('with_count'));
  const filters = new Map<string, unknown>(params.toDict());
  if (version.atLeast('3.31')) {
    generalFiltering(filters, isAdmin, RESOURCE_FILTERS.snapshot, version.atLeast('3.34'));
  } else {
    for (const [added, key] of MV_ADDED_FILTERS) if (!version.atLeast(added)) filters.delete(key);
    removeInvalidFilterOptions(filters, isAdmin, SNAPSHOT_FILTER_OPTIONS);
  }
  if (filters.has('metadata')) {
    try {
      filters.set('metadata', literalEval(String(filters.get('metadata'))));
    } catch {
      // kept as the string it is, which matches nothing
    }
  }
  if (filters.has('use_quota')) filters.set('use_quota', boolFromString(filters.get('use_quota')));
  if (filters.has('name')) {
    filters.set('display_name', filters.get('name'));
    filters.delete('name');
  }
  const allTenants = filters.has('all_tenants') && boolFromString(filters.get('all_tenants')) && isAdmin;
  filters.delete('all_tenants');
  return { allTenants, withCount, matches: snapshotPredicate(filters) };
}

function snapshotPredicate(filters: Map<string, unknown>): SnapshotQuery['matches'] {
  const checks: Array<(snapshot: SnapshotDocument) => boolean> = [];
  if (filters.has('metadata')) {
    const wanted = filters.get('metadata');
    filters.delete('metadata');
    if (!wanted || typeof wanted !== 'object' || Array.isArray(wanted)) return null;
    checks.push((snapshot) => matchesMetadata([snapshot.metadata], wanted as Record<string, unknown>));
  }
  if (filters.has('availability_zone')) {
    const zone = filters.get('availability_zone');
    filters.delete('availability_zone');
    if (zone) checks.push((snapshot) => snapshot.availability_zone === zone);
  }
  // The volume's host and cluster: every snapshot here is on its volume's backend, which the
  // snapshot documents do not repeat; these admin filters find nothing rather than everything.
  for (const key of ['host', 'cluster_name']) {
    if (filters.has(key)) return null;
  }
  const columns = columnPredicate(filters, SNAPSHOT_COLUMNS);
  if (!columns) return null;
  checks.push(columns);
  return (snapshot) => checks.every((check) => check(snapshot));
}
