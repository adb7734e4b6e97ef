/** What a volume service reports about one of its pools (Cinder's driver capabilities). */
export interface PoolStats {
  /** `host@backend#pool` */
  name: string;
  total_capacity_gb: number;
  allocated_capacity_gb: number;
  free_capacity_gb: number;
  volume_backend_name: string;
  storage_protocol: string;
}

/** One volume service (`host@backend`) as its last report describes it. */
export interface ServiceReport {
  /** `host@backend` */
  host: string;
  zone: string;
  pools: PoolStats[];
  /** When it reported (ISO 8601). */
  reported_at: string;
}

/**
 * Where volume services report and the API reads them. A service whose report is older than the
 * service-down time is down (Cinder's `service_down_time`, 60 s by default).
 */
export interface BackendRegistry {
  report(service: ServiceReport): Promise<void>;
  services(): Promise<ServiceReport[]>;
  close(): Promise<void>;
}

export const BACKEND_REGISTRY = Symbol('BackendRegistry');

export const isUp = (service: ServiceReport, now: Date, serviceDownTimeMs: number) =>
  now.getTime() - Date.parse(service.reported_at) <= serviceDownTimeMs;

/** `host@backend#pool` → its parts. */
export function parseHost(name: string): { host: string; backend: string; pool: string } {
  const [hostBackend, pool = ''] = name.split('#');
  const [host, backend = ''] = hostBackend.split('@');
  return { host, backend, pool };
}
