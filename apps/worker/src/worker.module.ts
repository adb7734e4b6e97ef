import { Module } from '@nestjs/common';
import { InfrastructureModule } from '@app/infrastructure';
import { VolumeCommandsModule } from '@app/volume-commands';
import { OPERATION_PROVIDERS } from './operations/backend-operations';
import { Projector } from './projector';
import { QuotaReleaser } from './quota-releaser';
import { Reactor } from './reactor';
import { RedisLossMonitor } from './redis-loss-monitor';
import { StuckOperationWatchdog } from './stuck-operation-watchdog';
import { VolumeOperationsProcessor } from './volume-operations.processor';
import { VolumeOperationsWorker } from './volume-operations.worker';
import { VolumeServiceHeartbeat } from './volume-service-heartbeat';

@Module({
  imports: [InfrastructureModule, VolumeCommandsModule],
  providers: [
    QuotaReleaser,
    ...OPERATION_PROVIDERS,
    Reactor,
    Projector,
    RedisLossMonitor,
    StuckOperationWatchdog,
    VolumeOperationsProcessor,
    VolumeOperationsWorker,
    VolumeServiceHeartbeat,
  ],
})
export class WorkerModule {}
