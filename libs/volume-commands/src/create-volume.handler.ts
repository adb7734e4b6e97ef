import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { randomUUID } from 'node:crypto';
import { CreateVolumeCommand } from './create-volume.command';
import { VolumeCommandExecutor } from './volume-command-executor';

@CommandHandler(CreateVolumeCommand)
export class CreateVolumeHandler implements ICommandHandler<CreateVolumeCommand> {
  constructor(private readonly executor: VolumeCommandExecutor) {}

  execute({ volumeId, request, ctx }: CreateVolumeCommand) {
    return this.executor.execute(
      {
        type: 'CreateVolume',
        volume_id: volumeId,
        data: { ...request, operation_id: randomUUID(), now: formatCinderTime(ctx.now) },
      },
      ctx,
    );
  }
}

/** Cinder's timestamps: naive UTC with microseconds, e.g. 2017-06-05T08:44:28.000000. */
export const formatCinderTime = (date: Date) => date.toISOString().replace(/\.(\d{3})Z$/, '.$1000');
