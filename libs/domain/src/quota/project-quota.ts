/**
 * A project's quota usage: volumes and gigabytes, reserved per volume. Quotas span a project's
 * volumes, so they have their own consistency boundary (the `quota-<project>` stream): a reserve is
 * decided against the usage it read and appended at that revision, so concurrent creates cannot
 * both take the last gigabytes.
 */

export interface QuotaLimits {
  /** -1: unlimited (Cinder's convention). */
  volumes: number;
  gigabytes: number;
}

export interface ProjectQuota {
  /** What each volume holds against the quota. */
  holdings: Record<string, { volumes: number; gigabytes: number }>;
}

export type QuotaEvent =
  | { type: 'QuotaReserved'; data: { volume_id: string; volumes: number; gigabytes: number; reason: string } }
  | { type: 'QuotaReleased'; data: { volume_id: string; volumes: number; gigabytes: number; reason: string } };

export type QuotaCommand =
  | { type: 'ReserveQuota'; data: { volume_id: string; volumes: number; gigabytes: number; reason: string; limits: QuotaLimits } }
  /** `all`: the volume is gone and gives back everything it holds. */
  | { type: 'ReleaseQuota'; data: { volume_id: string; volumes: number; gigabytes: number; reason: string; all?: boolean } };

export const QUOTA_EVENT_SCHEMA_VERSIONS: Record<QuotaEvent['type'], number> = { QuotaReserved: 1, QuotaReleased: 1 };

// Not under the `volume-` prefix the reactor and projector follow for volumes.
export const quotaStreamId = (projectId: string) => `quota-${projectId}`;

export const emptyProjectQuota = (): ProjectQuota => ({ holdings: {} });

export function quotaUsage(quota: ProjectQuota) {
  const held = Object.values(quota.holdings);
  return { volumes: held.reduce((n, h) => n + h.volumes, 0), gigabytes: held.reduce((n, h) => n + h.gigabytes, 0) };
}

/** Cinder's OverQuota errors, with the text its fault middleware shows (class name first). */
export class QuotaExceededError extends Error {
  override readonly name = 'QuotaExceededError';
}

export function decideQuota(command: QuotaCommand, quota: ProjectQuota): QuotaEvent[] {
  const { data } = command;
  if (command.type === 'ReserveQuota') {
    const usage = quotaUsage(quota);
    const { limits } = command.data;
    if (data.volumes > 0 && limits.volumes >= 0 && usage.volumes + data.volumes > limits.volumes) {
      throw new QuotaExceededError(
        `VolumeLimitExceeded: Maximum number of volumes allowed (${limits.volumes}) exceeded for quota 'volumes'.`,
      );
    }
    if (data.gigabytes > 0 && limits.gigabytes >= 0 && usage.gigabytes + data.gigabytes > limits.gigabytes) {
      throw new QuotaExceededError(
        'VolumeSizeExceedsAvailableQuota: Requested volume or snapshot exceeds allowed gigabytes quota. ' +
          `Requested ${data.gigabytes}G, quota is ${limits.gigabytes}G and ${usage.gigabytes}G has been consumed.`,
      );
    }
    return [{ type: 'QuotaReserved', data: { volume_id: data.volume_id, volumes: data.volumes, gigabytes: data.gigabytes, reason: data.reason } }];
  }
  const held = quota.holdings[data.volume_id];
  if (!held) return [];
  const release = command.data.all ? held : { volumes: Math.min(data.volumes, held.volumes), gigabytes: Math.min(data.gigabytes, held.gigabytes) };
  if (release.volumes === 0 && release.gigabytes === 0) return [];
  return [{ type: 'QuotaReleased', data: { volume_id: data.volume_id, ...release, reason: data.reason } }];
}

export function evolveQuota(quota: ProjectQuota, event: QuotaEvent): ProjectQuota {
  const next = { holdings: { ...quota.holdings } };
  applyQuotaEvent(next, event);
  return next;
}

/**
 * `evolveQuota` on a state the caller owns, changed in place: folding a busy project's stream
 * must not copy every volume's holding for every event.
 */
export function applyQuotaEvent(quota: ProjectQuota, event: QuotaEvent): void {
  const held = quota.holdings[event.data.volume_id] ?? { volumes: 0, gigabytes: 0 };
  const sign = event.type === 'QuotaReserved' ? 1 : -1;
  const next = { volumes: held.volumes + sign * event.data.volumes, gigabytes: held.gigabytes + sign * event.data.gigabytes };
  if (next.volumes === 0 && next.gigabytes === 0) delete quota.holdings[event.data.volume_id];
  else quota.holdings[event.data.volume_id] = next;
}
