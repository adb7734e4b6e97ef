import { Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { InfrastructureModule } from '@app/infrastructure';
import { VolumeCommandsModule } from '@app/volume-commands';
import { VolumeEventsController } from './audit/volume-events.controller';
import { VolumeStateController } from './audit/volume-state.controller';
import { ConsoleController } from './console/console.controller';
import { ConsoleFeed } from './console/console-feed';
import { CinderExceptionFilter } from './http/cinder-exception.filter';
import { QUERY_CONTROLLERS, QUERY_PROVIDERS } from './queries';
import { VersionsController } from './versions/versions.controller';
import { VolumeTypesController } from './types/volume-types.controller';
import { ServicesController } from './services/services.controller';
import { SnapshotsController } from './snapshots/snapshots.controller';
import { VolumeWritesController } from './volumes/volume-writes.controller';
import { ActionSupport } from './volumes/actions';
import { VolumeActionPipeline } from './volumes/actions/action-pipeline';
import { VolumeCommandConsumer } from './command-queue/volume-command.consumer';
import { ENGINE_CONFIG, type EngineConfig } from '@app/config';
import { EVENT_STORE, type EventStore } from '@app/event-store';
import { IDEMPOTENCY_STORE, IdempotencyStore } from '@app/volume-commands';
import { QuotaReservations } from './volumes/quota-reservations';
import { VolumeAccess } from './volumes/volume-access';
import { VolumeActionsController } from './volumes/volume-actions.controller';
import { VolumesController } from './volumes/volumes.controller';

@Module({
  imports: [InfrastructureModule, VolumeCommandsModule],
  controllers: [VersionsController, VolumesController, VolumeActionsController, VolumeTypesController, ServicesController, VolumeEventsController, VolumeStateController, SnapshotsController, VolumeWritesController, ...QUERY_CONTROLLERS, ConsoleController],
  providers: [
    VolumeAccess,
    ...QUERY_PROVIDERS,
    ConsoleFeed,
    QuotaReservations,
    ActionSupport,
    VolumeActionPipeline,
    VolumeCommandConsumer,
    {
      provide: IDEMPOTENCY_STORE,
      inject: [EVENT_STORE, ENGINE_CONFIG],
      useFactory: (store: EventStore, config: EngineConfig) => new IdempotencyStore(store, config.idempotencyWindowMs),
    },
    { provide: APP_FILTER, useClass: CinderExceptionFilter },
  ],
})
export class ApiModule {}
