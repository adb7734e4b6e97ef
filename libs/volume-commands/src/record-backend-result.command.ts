import { Command } from '@nestjs/cqrs';
import type { CompleteVolumeCreate, CompleteVolumeExtend, FailVolumeCreate, FailVolumeExtend } from '@app/domain';
import type { CommandContext } from './command-context';
import type { CommandOutcome } from './volume-command-executor';

export type BackendResult = CompleteVolumeCreate | FailVolumeCreate | CompleteVolumeExtend | FailVolumeExtend;

/** A worker reports how a backend operation ended. */
export class RecordBackendResultCommand extends Command<CommandOutcome> {
  constructor(
    readonly result: BackendResult,
    readonly ctx: CommandContext,
  ) {
    super();
  }
}
