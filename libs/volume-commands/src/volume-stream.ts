import { EVENT_SCHEMA_VERSIONS, upcast, type VolumeEvent } from '@app/domain';
import type { NewEvent, RecordedEvent } from '@app/event-store';
import type { CommandContext } from './command-context';
import { toStoredEvents } from './stored-events';

export const VOLUME_STREAM_PREFIX = 'volume-';
export const volumeStreamId = (volumeId: string) => `${VOLUME_STREAM_PREFIX}${volumeId}`;
export const volumeIdOf = (streamId: string) => streamId.slice(VOLUME_STREAM_PREFIX.length);

export const toNewEvents = (events: VolumeEvent[], ctx: CommandContext): NewEvent[] =>
  toStoredEvents(events, EVENT_SCHEMA_VERSIONS, ctx);

/** A stored event as the domain knows it, upcast to the current schema. */
export function toVolumeEvent(recorded: RecordedEvent): VolumeEvent {
  const version = Number(recorded.metadata.schema_version ?? 1);
  return upcast(recorded.type, version, recorded.data);
}
