import { orList } from '../cinder-utils';
import { invalidVolume } from '../volume-errors';
import type { ExistingVolume } from '../volume-state';
import { isMigrating, type VolumeStatus } from '../volume-status';

/** os-reserve: the legacy compute flow claims the volume before attaching it. */
export interface ReserveVolume {
  type: 'ReserveVolume';
  volume_id: string;
  data: Record<string, never>;
}

/** os-unreserve */
export interface UnreserveVolume {
  type: 'UnreserveVolume';
  volume_id: string;
  data: Record<string, never>;
}

/** os-begin_detaching */
export interface BeginDetachingVolume {
  type: 'BeginDetachingVolume';
  volume_id: string;
  data: Record<string, never>;
}

/** os-roll_detaching */
export interface RollDetachingVolume {
  type: 'RollDetachingVolume';
  volume_id: string;
  data: Record<string, never>;
}

export type ReserveCommand = ReserveVolume | UnreserveVolume | BeginDetachingVolume | RollDetachingVolume;

export interface VolumeReserved {
  type: 'VolumeReserved';
  data: { status: VolumeStatus };
}

export interface VolumeUnreserved {
  type: 'VolumeUnreserved';
  data: { status: VolumeStatus };
}

export interface VolumeDetachingBegun {
  type: 'VolumeDetachingBegun';
  data: { status: VolumeStatus };
}

export interface VolumeDetachingRolledBack {
  type: 'VolumeDetachingRolledBack';
  data: { status: VolumeStatus };
}

export type ReserveEvent = VolumeReserved | VolumeUnreserved | VolumeDetachingBegun | VolumeDetachingRolledBack;

export function reserveVolume(_: ReserveVolume, volume: ExistingVolume): ReserveEvent[] {
  const expected: VolumeStatus[] = volume.multiattach ? ['available', 'in-use'] : ['available'];
  if (!expected.includes(volume.status)) {
    throw invalidVolume(
      `Volume status must be ${orList(expected)} to reserve, but the status is ${volume.status}.`,
    );
  }
  return [{ type: 'VolumeReserved', data: { status: 'attaching' } }];
}

export const unreserveVolume = (_: UnreserveVolume, volume: ExistingVolume): ReserveEvent[] => unreserve(volume);

/**
 * Only an `attaching` volume changes; anything else is a silent success. Every attachment that is
 * not `detached` counts, even a `reserved` or failed one.
 */
export function unreserve(volume: ExistingVolume): VolumeUnreserved[] {
  if (volume.status !== 'attaching') return [];
  const attached = volume.attachments.some((attachment) => attachment.attach_status !== 'detached');
  return [{ type: 'VolumeUnreserved', data: { status: attached ? 'in-use' : 'available' } }];
}

/** Mid-migration Cinder hides the detach from the user: the refusal turns into a silent success. */
export function beginDetachingVolume(_: BeginDetachingVolume, volume: ExistingVolume): ReserveEvent[] {
  const migrating = isMigrating(volume.migration_status);
  if (volume.status === 'in-use' && volume.attach_status === 'attached' && !migrating) {
    return [{ type: 'VolumeDetachingBegun', data: { status: 'detaching' } }];
  }
  if (migrating) return [];
  throw invalidVolume(
    "Unable to detach volume. Volume status must be 'in-use' and attach_status must be 'attached' to detach.",
  );
}

export function rollDetachingVolume(_: RollDetachingVolume, volume: ExistingVolume): ReserveEvent[] {
  if (volume.status !== 'detaching') return [];
  return [{ type: 'VolumeDetachingRolledBack', data: { status: 'in-use' } }];
}

export function evolveReserve(state: ExistingVolume, event: ReserveEvent): ExistingVolume {
  return { ...state, status: event.data.status };
}
