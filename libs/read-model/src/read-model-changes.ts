import type { Redis } from 'ioredis';
import type { RecordedEvent } from '@app/event-store';
import { ENGINE_ACTOR } from '@app/volume-commands';
import type { DocumentChange } from './document-changes';
import { READ_MODEL_KEYS } from './read-model-keys';
import type { VolumeView } from './volume-view';

/**
 * Who caused an event: a caller's command (a user, or a service such as compute), or the engine's
 * own worker recording how a backend job ended.
 */
export type ChangeOrigin = 'command' | 'job';

/**
 * What the projector tells live readers (the console's stream) once it has stored one volume event
 * in the read models: the view as stored and the operation documents the event changed. Readers
 * act on it without asking the event store.
 */
export interface ReadModelChange {
  /** The event's position in the log, as a decimal string (positions are 64-bit). */
  position: string;
  event_id: string;
  event_type: string;
  recorded_at: string;
  volume_id: string;
  project_id: string;
  revision: number;
  /** The view after the event; null once the volume is deleted (or unmanaged). */
  volume: VolumeView | null;
  /** Operations whose documents the event created or ended. */
  operation_ids: string[];
  origin: ChangeOrigin;
  /** The request that caused the event (a job's events carry their request's). */
  request_id: string | null;
}

export const readModelChangesChannel = (prefix: string) => `${prefix}:read-model:changes`;

const OPERATION_KEY = READ_MODEL_KEYS.operation('');

export function describeChange(event: RecordedEvent, view: VolumeView, changes: readonly DocumentChange[]): ReadModelChange {
  const operations = new Set<string>();
  for (const change of changes) {
    if ((change.op === 'create' || change.op === 'set') && change.key.startsWith(OPERATION_KEY)) operations.add(change.key.slice(OPERATION_KEY.length));
  }
  return {
    position: event.position.toString(),
    event_id: event.id,
    event_type: event.type,
    recorded_at: event.recordedAt,
    volume_id: view.id,
    project_id: view.project_id,
    revision: event.revision,
    volume: view.deleted ? null : view,
    operation_ids: [...operations],
    origin: changeOrigin(event),
    request_id: typeof event.metadata.request_id === 'string' ? event.metadata.request_id : null,
  };
}

export function changeOrigin(event: RecordedEvent): ChangeOrigin {
  const actor = event.metadata.actor as { user_id?: unknown; service?: unknown } | undefined;
  return actor?.service === true && actor.user_id === ENGINE_ACTOR.user_id ? 'job' : 'command';
}

/**
 * Publishes changes on a Redis channel. Best effort by design: a reader that misses one (not
 * subscribed yet, Redis away) reads the read models again when it reconnects, and the read models
 * themselves are what is durable.
 */
export class ReadModelChangePublisher {
  private readonly channel: string;

  constructor(
    private readonly redis: Redis,
    prefix: string,
  ) {
    this.channel = readModelChangesChannel(prefix);
  }

  publish(change: ReadModelChange): void {
    this.redis.publish(this.channel, JSON.stringify(change)).catch(() => undefined);
  }
}
