import { Inject, Injectable } from '@nestjs/common';
import { decide, fold, type VolumeCommand, type VolumeEvent, type VolumeState } from '@app/domain';
import { EVENT_STORE, WrongExpectedRevisionError, type EventStore } from '@app/event-store';
import type { CommandContext } from './command-context';
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

const MAX_ATTEMPTS = 5;

/** The command cycle: read the stream, fold, decide, append at the loaded revision, retry on conflict. */
@Injectable()
export class VolumeCommandExecutor {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async load(volumeId: string): Promise<LoadedVolume> {
    const recorded = await this.store.readStream(volumeStreamId(volumeId));
    return {
      state: fold(recorded.map(toVolumeEvent)),
      revision: recorded.length ? recorded[recorded.length - 1].revision : null,
    };
  }

  async execute(command: VolumeCommand, ctx: CommandContext): Promise<CommandOutcome> {
    for (let attempt = 1; ; attempt++) {
      const { state, revision } = await this.load(command.volume_id);
      const events = decide(command, state);
      if (events.length === 0) return { events, state, position: null };
      try {
        const appended = await this.store.append(
          volumeStreamId(command.volume_id),
          toNewEvents(events, ctx),
          revision ?? 'no_stream',
        );
        return { events, state: fold(events, state), position: appended.position };
      } catch (error) {
        if (!(error instanceof WrongExpectedRevisionError)) throw error;
        if (attempt >= MAX_ATTEMPTS) throw new ConcurrencyConflictError(command.volume_id, attempt);
      }
    }
  }
}
