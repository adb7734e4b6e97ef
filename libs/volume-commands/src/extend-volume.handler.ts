import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { randomUUID } from 'node:crypto';
import { ExtendVolumeCommand } from './extend-volume.command';
import { VolumeCommandExecutor } from './volume-command-executor';

@CommandHandler(ExtendVolumeCommand)
export class ExtendVolumeHandler implements ICommandHandler<ExtendVolumeCommand> {
  constructor(private readonly executor: VolumeCommandExecutor) {}

  execute({ volumeId, newSize, allowAttached, ctx }: ExtendVolumeCommand) {
    return this.executor.execute(
      {
        type: 'ExtendVolume',
        volume_id: volumeId,
        data: { operation_id: randomUUID(), new_size: newSize, allow_attached: allowAttached },
      },
      ctx,
    );
  }
}
