import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { CreateVolumeHandler } from './create-volume.handler';
import { ExtendVolumeHandler } from './extend-volume.handler';
import { RecordBackendResultHandler } from './record-backend-result.handler';
import { VolumeCommandExecutor } from './volume-command-executor';

/** Needs a provider for EVENT_STORE in scope (see EventStoreModule). */
@Module({
  imports: [CqrsModule],
  providers: [VolumeCommandExecutor, CreateVolumeHandler, ExtendVolumeHandler, RecordBackendResultHandler],
  exports: [CqrsModule, VolumeCommandExecutor],
})
export class VolumeCommandsModule {}
