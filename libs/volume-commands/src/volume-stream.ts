import { EVENT_SCHEMA_VERSIONS, upcast, type VolumeEvent } from '@app/domain';
import type { NewEvent, RecordedEvent } from '@app/event-store';
import type { CommandContext } from './command-context';

export const VOLUME_STREAM_PREFIX = 'volume-';
export const volumeStreamId = (volumeId: string) => `${VOLUME_STREAM_PREFIX}${volumeId}`;
export const volumeIdOf = (streamId: string) => streamId.slice(VOLUME_STREAM_PREFIX.length);

export function toNewEvents(events: VolumeEvent[], ctx: CommandContext): NewEvent[] {
  return events.map((event, index) => ({
    id: ctx.eventId(index),
    type: event.type,
    data: event.data as unknown as Record<string, unknown>,
    metadata: {
      schema_version: EVENT_SCHEMA_VERSIONS[event.type],
      request_id: ctx.request_id,
      correlation_id: ctx.correlation_id,
      causation_id: ctx.causation_id,
      actor: ctx.actor,
      microversion: ctx.microversion,
      timestamp: ctx.now.toISOString(),
    },
  }));
}

/** A stored event as the domain knows it, upcast to the current schema. */
export function toVolumeEvent(recorded: RecordedEvent): VolumeEvent {
  const version = Number(recorded.metadata.schema_version ?? 1);
  return upcast(recorded.type, version, recorded.data);
}
