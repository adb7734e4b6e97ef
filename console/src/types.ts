/** The shapes docs/console.md promises, as the console reads them. */
export interface Session {
  user_id: string;
  project_id: string;
  roles: string[];
  is_admin: boolean;
  auth_strategy: 'noauth' | 'keystone-headers' | string;
  stuck_after_ms: number;
}

export interface VolumeRow {
  id: string;
  name: string | null;
  project_id: string;
  status: string;
  size: number;
  host: string | null;
  volume_type: string | null;
  attach_status: string | null;
  updated_at: string | null;
  revision: number;
  waiting_for: 'job' | 'external' | null;
  stranded: boolean;
}

export interface VolumesAnswer {
  volumes: VolumeRow[];
  counts: Record<string, number>;
  total: number;
  facets: { projects: string[]; hosts: string[]; volume_types: string[] };
  /** More volumes than the API looks at (the newest few thousand) matched. */
  truncated?: boolean;
}

export interface Actor {
  user_id?: string;
  project_id?: string;
  service?: boolean;
  is_admin?: boolean;
}

export interface VolumeEvent {
  id: string;
  revision: number;
  type: string;
  recorded_at: string;
  status_before: string | null;
  status_after: string | null;
  data: Record<string, unknown>;
  metadata: { actor?: Actor; request_id?: string; [key: string]: unknown };
}

export interface StateAnswer {
  volume: Record<string, unknown> & { status?: string; size?: number };
  revision: number;
  recorded_at: string;
}

export interface Operation {
  id: string;
  type: string;
  state: 'running' | 'succeeded' | 'failed' | 'cancelled' | string;
  progress: number | null;
  volume_id: string;
  snapshot_id: string | null;
  project_id: string;
  requested_at: string;
  requested_by: string | null;
  request_id: string | null;
  started_at: string | null;
  finished_at: string | null;
  error: string | null;
  job: { id: string; state: string; attempts: number } | null;
}

export interface ThroughputSample {
  at: string;
  commands_per_second: number;
  jobs_per_second: number;
  projection_lag_events: number;
}

export interface VolumeChange {
  volume_id: string;
  project_id: string;
  event_type: string;
  revision: number;
  position: string | number;
  volume: VolumeRow | null;
}
