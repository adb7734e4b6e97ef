import { Inject, Injectable } from '@nestjs/common';
import { loadVolumeState } from '@app/audit';
import { decide, fold, type VolumeCommand, type VolumeEvent, type VolumeState } from '@app/domain';
import { EVENT_STORE, WrongExpectedRevisionError, type EventStore } from '@app/event-store';
import { currentTraceCarrier, observeCommand, recordConflict } from '@app/observability';
import type { CommandContext } from './command-context';
import { retryPause } from './retry-pause';
import { TakeTurns } from './take-turns';
import { toNewEvents, toVolumeEvent, volumeStreamId } from './volume-stream';

export interface LoadedVolume {
  state: VolumeState;
  /** Revision of the stream's last event, or null when the volume has no stream. */
  revision: number | null;
}

export interface CommandOutcome {
  events: VolumeEvent[];
  state: VolumeState;
  /** Global position of the last appended event (null when nothing was recorded). */
  position: bigint | null;
}

/** Another writer kept winning the race for this volume's stream. */
export class ConcurrencyConflictError extends Error {
  override readonly name = 'ConcurrencyConflictError';
  constructor(readonly volumeId: string, attempts: number) {
    super(`Volume ${volumeId} was changed concurrently ${attempts} times in a row; the request was not applied.`);
  }
}

const MAX_ATTEMPTS = 8;

/** The command cycle: read the stream, fold, decide, append at the loaded revision, retry on conflict. */
@Injectable()
export class VolumeCommandExecutor {
  /** Commands on one volume take turns within a process; different volumes never wait for each other. */
  private readonly turns = new TakeTurns();

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  /**
   * The newest valid state snapshot plus the events after it: the cost is bounded by the
   * snapshot interval, not by the stream's length. `revision` is still the stream's last event,
   * so appends keep expecting exactly what was folded.
   */
  async load(volumeId: string): Promise<LoadedVolume> {
    const { state, revision } = await loadVolumeState(this.store, volumeStreamId(volumeId), toVolumeEvent);
    return { state, revision };
  }

  execute(command: VolumeCommand, ctx: CommandContext): Promise<CommandOutcome> {
    return this.turns.run(command.volume_id, () => observeCommand(command.type, command.volume_id, () => this.cycle(command, ctx)));
  }

  private async cycle(command: VolumeCommand, ctx: CommandContext): Promise<CommandOutcome> {
    // The trace this command runs in continues from its events (to the job and its completion).
    const traced = { ...ctx, extraMetadata: { ...ctx.extraMetadata, ...currentTraceCarrier() } };
    for (let attempt = 1; ; attempt++) {
      const { state, revision } = await this.load(command.volume_id);
      const events = decide(command, state);
      if (events.length === 0) return { events, state, position: null };
      try {
        const appended = await this.store.append(
          volumeStreamId(command.volume_id),
          toNewEvents(events, traced),
          revision ?? 'no_stream',
        );
        return { events, state: fold(events, state), position: appended.position };
      } catch (error) {
        if (!(error instanceof WrongExpectedRevisionError)) throw error;
        recordConflict(command.type, attempt < MAX_ATTEMPTS);
        if (attempt >= MAX_ATTEMPTS) throw new ConcurrencyConflictError(command.volume_id, attempt);
        await retryPause(attempt);
      }
    }
  }
}
