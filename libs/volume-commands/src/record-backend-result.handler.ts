import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { RecordBackendResultCommand } from './record-backend-result.command';
import { VolumeCommandExecutor } from './volume-command-executor';

@CommandHandler(RecordBackendResultCommand)
export class RecordBackendResultHandler implements ICommandHandler<RecordBackendResultCommand> {
  constructor(private readonly executor: VolumeCommandExecutor) {}

  execute({ result, ctx }: RecordBackendResultCommand) {
    return this.executor.execute(result, ctx);
  }
}
