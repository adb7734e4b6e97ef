// Synthetic but valid volume histories for the store-level benchmarks: a volume is created, then
// extended again and again (requested, then completed), the events the decider itself would record.
import type { VolumeEvent } from '@app/domain';
import type { EventStore, NewEvent } from '@app/event-store';
import { deterministicUuid, ENGINE_ACTOR, toNewEvents, volumeStreamId, type CommandContext } from '@app/volume-commands';

const AT = new Date('2026-11-27T10:00:00.000Z');

function context(name: string): CommandContext {
  return {
    actor: ENGINE_ACTOR, request_id: `req-${name}`, correlation_id: name, causation_id: name, microversion: null,
    now: AT, eventId: (index) => deterministicUuid(`${name}/${index}`),
  };
}

/** Events `from` .. `from + count - 1` of volume `id`'s history, ready to append. */
export function volumeHistory(id: string, from: number, count: number, project = `project-${id.slice(0, 2)}`): NewEvent[] {
  const events: VolumeEvent[] = [];
  for (let revision = from; revision < from + count; revision++) events.push(volumeEventAt(id, revision, project));
  return toNewEvents(events, context(`${id}@${from}`));
}

function volumeEventAt(id: string, revision: number, project: string): VolumeEvent {
  if (revision === 0) {
    return {
      type: 'VolumeCreateRequested',
      data: {
        volume_id: id, operation_id: `${id}-create`, project_id: project, user_id: 'bench', size: 1,
        name: null, description: null, availability_zone: 'nova', volume_type: null, metadata: {}, multiattach: false,
        host: 'engine@file#default', created_at: '2026-11-27T10:00:00.000000',
      },
    };
  }
  if (revision === 1) {
    return { type: 'VolumeCreated', data: { operation_id: `${id}-create`, host: 'engine@file#default', provider_location: `/data/volume-${id}` } };
  }
  const size = 1 + Math.ceil((revision - 1) / 2);
  return revision % 2 === 0
    ? { type: 'VolumeExtendRequested', data: { operation_id: `${id}-${size}`, new_size: size, previous_status: 'available' } }
    : { type: 'VolumeExtended', data: { operation_id: `${id}-${size}`, new_size: size, status: 'available' } };
}

/** Appends a volume stream of `length` events in batches; returns the volume id. */
export async function fillVolumeStream(store: EventStore, name: string, length: number, batch = 1000): Promise<string> {
  const id = deterministicUuid(name);
  for (let from = 0; from < length; from += batch) {
    const count = Math.min(batch, length - from);
    await store.append(volumeStreamId(id), volumeHistory(id, from, count), from === 0 ? 'no_stream' : from - 1);
  }
  return id;
}

/** A log of `total` events: volumes of `perVolume` events each, appended a volume per batch. */
export async function fillLog(store: EventStore, total: number, perVolume = 100, onProgress?: (filled: number) => void) {
  for (let filled = 0; filled < total; filled += perVolume) {
    const id = deterministicUuid(`bench-volume-${filled}`);
    const count = Math.min(perVolume, total - filled);
    await store.append(volumeStreamId(id), volumeHistory(id, 0, count), 'no_stream');
    onProgress?.(filled + count);
  }
}
