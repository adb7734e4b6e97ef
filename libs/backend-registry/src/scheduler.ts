import { isUp, parseHost, type PoolStats, type ServiceReport } from './backend-registry.port';

export interface ScheduleRequest {
  size: number;
  /** The volume type's extra specs; `volume_backend_name` narrows the backends. */
  extra_specs: Record<string, string>;
  now: Date;
  serviceDownTimeMs: number;
}

/**
 * Cinder's filter scheduler in miniature: pools of services that are up, matching the type's
 * `volume_backend_name` (the CapabilitiesFilter), with room for the volume (the CapacityFilter),
 * the one with the most free space first (the CapacityWeigher). Null: no valid backend.
 */
export function choosePool(services: ServiceReport[], request: ScheduleRequest): PoolStats | null {
  const wanted = request.extra_specs.volume_backend_name;
  const candidates = services
    .filter((s) => isUp(s, request.now, request.serviceDownTimeMs))
    .flatMap((s) => s.pools)
    .filter((p) => wanted === undefined || p.volume_backend_name === wanted)
    .filter((p) => p.free_capacity_gb >= request.size)
    .sort((a, b) => b.free_capacity_gb - a.free_capacity_gb || a.name.localeCompare(b.name));
  return candidates[0] ?? null;
}

export { parseHost };
