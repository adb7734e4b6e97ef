import type { NewEvent } from '@app/event-store';
import type { CommandContext } from './command-context';

/** Domain events as stored: the caller's context and each type's schema version in the metadata. */
export function toStoredEvents<E extends { type: string; data: object }>(
  events: E[],
  schemaVersions: Record<E['type'], number>,
  ctx: CommandContext,
): NewEvent[] {
  return events.map((event, index) => ({
    id: ctx.eventId(index),
    type: event.type,
    data: event.data as Record<string, unknown>,
    metadata: {
      schema_version: schemaVersions[event.type as E['type']],
      request_id: ctx.request_id,
      correlation_id: ctx.correlation_id,
      causation_id: ctx.causation_id,
      actor: ctx.actor,
      microversion: ctx.microversion,
      timestamp: ctx.now.toISOString(),
      ...ctx.extraMetadata,
    },
  }));
}
