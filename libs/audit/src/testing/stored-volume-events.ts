import type { VolumeEvent } from '@app/domain';
import type { NewEvent } from '@app/event-store';
import { deterministicUuid, toNewEvents, type Actor } from '@app/volume-commands';

/** Volume events as the engine stores them, for tests that need a log without running commands. */

export const ALICE: Actor = { user_id: 'alice', project_id: 'p1', roles: ['member'], is_admin: false, service: false, service_roles: [] };
export const ENGINE: Actor = { user_id: 'cinder-engine', project_id: 'service', roles: ['service'], is_admin: true, service: true, service_roles: ['service'] };

export function stored(events: VolumeEvent[], name: string, at: string, actor: Actor = ALICE): NewEvent[] {
  return toNewEvents(events, {
    actor,
    request_id: `req-${name}`,
    correlation_id: `corr-${name}`,
    causation_id: `req-${name}`,
    microversion: actor.service ? null : '3.42',
    now: new Date(at),
    eventId: (index) => deterministicUuid(`${name}/${index}`),
  });
}

export const createRequested = (volumeId: string, projectId = 'p1', size = 1): VolumeEvent => ({
  type: 'VolumeCreateRequested',
  data: {
    volume_id: volumeId, operation_id: `create-${volumeId}`, project_id: projectId, user_id: 'alice', size, name: null,
    description: null, availability_zone: 'nova', volume_type: null, metadata: {}, multiattach: false,
    host: 'engine@file#default', created_at: '2026-11-27T10:00:00.000000',
  },
});

export const created = (volumeId: string): VolumeEvent => ({
  type: 'VolumeCreated',
  data: { operation_id: `create-${volumeId}`, host: 'engine@file#default', provider_location: `/data/volume-${volumeId}` },
});

export const extendRequested = (operation: string, newSize: number): VolumeEvent => ({
  type: 'VolumeExtendRequested',
  data: { operation_id: operation, new_size: newSize, previous_status: 'available' },
});

export const extended = (operation: string, newSize: number): VolumeEvent => ({
  type: 'VolumeExtended',
  data: { operation_id: operation, new_size: newSize, status: 'available' },
});

/** A volume created at 10:00 by alice and made available by the engine. */
export const availableVolume = (volumeId: string, projectId = 'p1'): NewEvent[] => [
  ...stored([createRequested(volumeId, projectId)], `${volumeId}-create`, '2026-11-27T10:00:00.000Z'),
  ...stored([created(volumeId)], `${volumeId}-created`, '2026-11-27T10:00:01.000Z', ENGINE),
];

/**
 * `cycles` extends of one GiB each from `fromSize`, requested by alice at minute `size` past 11:00
 * and completed by the engine 30 s later. Named by their target size, so further cycles get ids of
 * their own.
 */
export function extendCycles(volumeId: string, cycles: number, fromSize = 1): NewEvent[] {
  const events: NewEvent[] = [];
  for (let size = fromSize + 1; size <= fromSize + cycles; size++) {
    const name = `${volumeId}-to${size}`;
    const at = Date.parse('2026-11-27T11:00:00.000Z') + size * 60_000;
    events.push(...stored([extendRequested(name, size)], name, new Date(at).toISOString()));
    events.push(...stored([extended(name, size)], `${name}-done`, new Date(at + 30_000).toISOString(), ENGINE));
  }
  return events;
}
