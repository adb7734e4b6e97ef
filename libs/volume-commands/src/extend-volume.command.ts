import { Command } from '@nestjs/cqrs';
import type { CommandContext } from './command-context';
import type { CommandOutcome } from './volume-command-executor';

export class ExtendVolumeCommand extends Command<CommandOutcome> {
  constructor(
    readonly volumeId: string,
    readonly newSize: number,
    /** Microversion ≥ 3.42 allows extending an in-use volume. */
    readonly allowAttached: boolean,
    readonly ctx: CommandContext,
  ) {
    super();
  }
}
