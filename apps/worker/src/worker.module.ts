import { Module } from '@nestjs/common';
import { InfrastructureModule } from '@app/infrastructure';
import { VolumeCommandsModule } from '@app/volume-commands';
import { Projector } from './projector';
import { Reactor } from './reactor';
import { VolumeOperationsProcessor } from './volume-operations.processor';
import { VolumeOperationsWorker } from './volume-operations.worker';
import { VolumeServiceHeartbeat } from './volume-service-heartbeat';

@Module({
  imports: [InfrastructureModule, VolumeCommandsModule],
  providers: [Reactor, Projector, VolumeOperationsProcessor, VolumeOperationsWorker, VolumeServiceHeartbeat],
})
export class WorkerModule {}
