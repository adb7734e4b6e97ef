import { createHash } from 'node:crypto';
import { WrongExpectedRevisionError, type EventStore } from '@app/event-store';
import type { CommandContext } from './command-context';
import { toStoredEvents } from './stored-events';

/** What a request answered, to be answered again to a retry with the same idempotency key. */
export interface IdempotentResponse {
  status: number;
  body?: unknown;
  contentType?: string;
}

export interface IdempotencyRecord {
  /** A hash of the request body the key was first used with. */
  body_hash: string;
  response: IdempotentResponse;
  recorded_at: string;
}

export const requestBodyHash = (body: unknown) => createHash('sha256').update(JSON.stringify(body)).digest('hex');

/**
 * Idempotency keys of volume requests, kept in the event store (so they survive restarts) for a
 * window: one small stream per volume, caller and key, outside the `volume-` prefix the reactor and
 * projector follow. The key is also recorded in the metadata of the events the request caused.
 */
export class IdempotencyStore {
  constructor(
    private readonly store: EventStore,
    private readonly windowMs: number,
  ) {}

  private streamId(volumeId: string, caller: string, key: string) {
    return `idempotency-${createHash('sha256').update(`${volumeId}\n${caller}\n${key}`).digest('hex')}`;
  }

  /** The request this caller made on this volume with this key within the window, if any. */
  async find(volumeId: string, caller: string, key: string, now = new Date()): Promise<IdempotencyRecord | null> {
    const events = await this.store.readStream(this.streamId(volumeId, caller, key));
    const last = events[events.length - 1];
    if (!last) return null;
    const record = last.data as unknown as IdempotencyRecord;
    return now.getTime() - Date.parse(record.recorded_at) <= this.windowMs ? record : null;
  }

  async record(volumeId: string, caller: string, key: string, record: IdempotencyRecord, ctx: CommandContext): Promise<void> {
    const streamId = this.streamId(volumeId, caller, key);
    const revision = await this.store.streamRevision(streamId);
    const events = toStoredEvents([{ type: 'IdempotentRequestCompleted', data: record }], { IdempotentRequestCompleted: 1 }, ctx);
    try {
      await this.store.append(streamId, events, revision ?? 'no_stream');
    } catch (error) {
      // A concurrent twin recorded the same key first; its answer stands.
      if (!(error instanceof WrongExpectedRevisionError)) throw error;
    }
  }
}

export const IDEMPOTENCY_STORE = Symbol('IdempotencyStore');
