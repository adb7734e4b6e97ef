import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { VolumeCommand } from '@app/domain';
import type { CommandContext } from './command-context';
import { VolumeCommandExecutor, type CommandOutcome } from './volume-command-executor';

/** A volume action, as the API gathered it: the domain command and the request it came from. */
export class ExecuteVolumeCommand extends Command<CommandOutcome> {
  constructor(
    readonly command: VolumeCommand,
    readonly ctx: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(ExecuteVolumeCommand)
export class ExecuteVolumeHandler implements ICommandHandler<ExecuteVolumeCommand> {
  constructor(private readonly executor: VolumeCommandExecutor) {}

  execute({ command, ctx }: ExecuteVolumeCommand) {
    return this.executor.execute(command, ctx);
  }
}
