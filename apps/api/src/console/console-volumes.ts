import { stuckVolume, transitionalWait, type TransitionalWait } from '@app/audit';
import type { Caller } from '@app/identity';
import type { VolumeView } from '@app/read-model';

/** One volume as the console's table shows it. */
export interface ConsoleVolumeRow {
  id: string;
  name: string | null;
  project_id: string;
  status: string;
  size: number;
  /** Null for callers who are not admins, as Cinder's `os-vol-host-attr:host`. */
  host: string | null;
  volume_type: string | null;
  attach_status: string;
  /** The time of the volume's last event (ISO 8601, UTC). */
  updated_at: string;
  revision: number;
  waiting_for: TransitionalWait | null;
  /** In a transitional status with no event for longer than STUCK_AFTER_MS. */
  stranded: boolean;
}

export interface ConsoleVolumeFilters {
  status?: string;
  project_id?: string;
  host?: string;
  volume_type?: string;
}

export interface ConsoleVolumeList {
  volumes: ConsoleVolumeRow[];
  /** Per status, over the rows matching every filter but the status. */
  counts: Record<string, number>;
  total: number;
  facets: { projects: string[]; hosts: string[]; volume_types: string[] };
}

/** Cinder's naive UTC times (microseconds) as ISO 8601 with a zone, which browsers parse. */
export const isoFromCinderTime = (time: string) => `${time.slice(0, 23)}Z`;

export function consoleVolumeRow(view: VolumeView, caller: Caller, now: number, stuckAfterMs: number): ConsoleVolumeRow {
  const since = isoFromCinderTime(view.updated_at ?? view.created_at);
  return {
    id: view.id,
    name: view.name,
    project_id: view.project_id,
    status: view.status,
    size: view.size,
    host: caller.is_admin ? view.host : null,
    volume_type: view.volume_type,
    attach_status: view.attach_status,
    updated_at: since,
    revision: view.revision,
    waiting_for: transitionalWait(view),
    stranded: stuckVolume(view, since, now, stuckAfterMs) !== null,
  };
}

/** The table: filtered rows (newest first, as they come), counts per status, and the values each filter can take. */
export function consoleVolumeList(rows: readonly ConsoleVolumeRow[], filters: ConsoleVolumeFilters): ConsoleVolumeList {
  const counts: Record<string, number> = {};
  const volumes: ConsoleVolumeRow[] = [];
  const projects = new Set<string>();
  const hosts = new Set<string>();
  const types = new Set<string>();
  for (const row of rows) {
    projects.add(row.project_id);
    if (row.host) hosts.add(row.host);
    if (row.volume_type) types.add(row.volume_type);
    const matches =
      (filters.project_id === undefined || row.project_id === filters.project_id) &&
      (filters.host === undefined || row.host === filters.host) &&
      (filters.volume_type === undefined || row.volume_type === filters.volume_type);
    if (!matches) continue;
    counts[row.status] = (counts[row.status] ?? 0) + 1;
    if (filters.status === undefined || row.status === filters.status) volumes.push(row);
  }
  const sorted = (values: Set<string>) => [...values].sort();
  return { volumes, counts, total: volumes.length, facets: { projects: sorted(projects), hosts: sorted(hosts), volume_types: sorted(types) } };
}
