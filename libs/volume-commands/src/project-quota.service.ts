import { Inject, Injectable } from '@nestjs/common';
import {
  applyQuotaEvent,
  decideQuota,
  emptyProjectQuota,
  QUOTA_EVENT_SCHEMA_VERSIONS,
  quotaStreamId,
  type ProjectQuota,
  type QuotaCommand,
  type QuotaEvent,
} from '@app/domain/quota/project-quota';
import { EVENT_STORE, WrongExpectedRevisionError, type EventStore } from '@app/event-store';
import type { CommandContext } from './command-context';
import { retryPause } from './retry-pause';
import { TakeTurns } from './take-turns';
import { toStoredEvents } from './stored-events';
import { ConcurrencyConflictError } from './volume-command-executor';

interface FoldedQuota {
  quota: ProjectQuota;
  /** Revision of the last event folded in; null before the project's first event. */
  revision: number | null;
}

/**
 * A project's quota stream, changed through the same read-decide-append cycle as a volume. Each
 * project's folded state is kept, so a reserve reads only the events since the last one: its cost
 * does not grow with the project's history.
 */
@Injectable()
export class ProjectQuotaService {
  private readonly folded = new Map<string, FoldedQuota>();
  /**
   * Every create and extend of a project appends to its one quota stream: racing reserves in one
   * process would mostly lose to each other (more so since appends wait for a group commit,
   * which widens the time between read and append), and could give up after 20 tries.
   */
  private readonly turns = new TakeTurns();

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  execute(projectId: string, command: QuotaCommand, ctx: CommandContext): Promise<QuotaEvent[]> {
    return this.turns.run(projectId, () => this.cycle(projectId, command, ctx));
  }

  private async cycle(projectId: string, command: QuotaCommand, ctx: CommandContext): Promise<QuotaEvent[]> {
    const streamId = quotaStreamId(projectId);
    for (let attempt = 1; ; attempt++) {
      const current = await this.catchUp(projectId, streamId);
      const events = decideQuota(command, current.quota);
      if (events.length === 0) return events;
      try {
        await this.store.append(streamId, toStoredEvents(events, QUOTA_EVENT_SCHEMA_VERSIONS, ctx), current.revision ?? 'no_stream');
        return events;
      } catch (error) {
        if (!(error instanceof WrongExpectedRevisionError)) throw error;
        // Every create in a project goes through this stream: allow for a busy project.
        if (attempt >= 20) throw new ConcurrencyConflictError(streamId, attempt);
        await retryPause(attempt);
      }
    }
  }

  /** The project's quota as of its stream's head, folding in only what is new since last time. */
  private async catchUp(projectId: string, streamId: string): Promise<FoldedQuota> {
    const known = this.folded.get(projectId) ?? { quota: emptyProjectQuota(), revision: null };
    this.folded.set(projectId, known);
    const newer = await this.store.readStream(streamId, known.revision === null ? 0 : known.revision + 1);
    for (const event of newer) {
      // A concurrent reserve in this process may have folded these already while this read waited.
      if (known.revision !== null && event.revision <= known.revision) continue;
      applyQuotaEvent(known.quota, { type: event.type, data: event.data } as QuotaEvent);
      known.revision = event.revision;
    }
    return known;
  }
}
