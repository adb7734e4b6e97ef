import { Inject, Injectable } from '@nestjs/common';
import {
  decideQuota,
  emptyProjectQuota,
  evolveQuota,
  QUOTA_EVENT_SCHEMA_VERSIONS,
  quotaStreamId,
  type QuotaCommand,
  type QuotaEvent,
} from '@app/domain/quota/project-quota';
import { EVENT_STORE, WrongExpectedRevisionError, type EventStore } from '@app/event-store';
import type { CommandContext } from './command-context';
import { ConcurrencyConflictError } from './volume-command-executor';
import { toStoredEvents } from './stored-events';

/** A project's quota stream, changed through the same read-decide-append cycle as a volume. */
@Injectable()
export class ProjectQuotaService {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute(projectId: string, command: QuotaCommand, ctx: CommandContext): Promise<QuotaEvent[]> {
    const streamId = quotaStreamId(projectId);
    for (let attempt = 1; ; attempt++) {
      const recorded = await this.store.readStream(streamId);
      const quota = recorded.reduce((state, e) => evolveQuota(state, { type: e.type, data: e.data } as QuotaEvent), emptyProjectQuota());
      const events = decideQuota(command, quota);
      if (events.length === 0) return events;
      try {
        const revision = recorded.length ? recorded[recorded.length - 1].revision : 'no_stream';
        await this.store.append(streamId, toStoredEvents(events, QUOTA_EVENT_SCHEMA_VERSIONS, ctx), revision);
        return events;
      } catch (error) {
        if (!(error instanceof WrongExpectedRevisionError)) throw error;
        // Every create in a project goes through this stream: allow for a busy project.
        if (attempt >= 20) throw new ConcurrencyConflictError(streamId, attempt);
      }
    }
  }
}
