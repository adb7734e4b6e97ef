import { Command } from '@nestjs/cqrs';
import type { CreateVolume } from '@app/domain';
import type { CommandContext } from './command-context';
import type { CommandOutcome } from './volume-command-executor';

export class CreateVolumeCommand extends Command<CommandOutcome> {
  constructor(
    readonly volumeId: string,
    readonly request: Omit<CreateVolume['data'], 'now' | 'operation_id'>,
    readonly ctx: CommandContext,
  ) {
    super();
  }
}
