import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { CreateVolumeHandler } from './create-volume.handler';
import { ExecuteVolumeHandler } from './execute-volume.command';
import { RecordBackendResultHandler } from './record-backend-result.handler';
import { VolumeCommandExecutor } from './volume-command-executor';
import { DefaultVolumeTypeSeeder } from './default-volume-type.seeder';
import { VolumeTypeCatalogService } from './volume-type-catalog.service';
import { SnapshotLocator } from './snapshot-locator.service';
import { ProjectQuotaService } from './project-quota.service';

/** Needs a provider for EVENT_STORE in scope (see EventStoreModule). */
@Module({
  imports: [CqrsModule],
  providers: [
    VolumeCommandExecutor,
    VolumeTypeCatalogService,
    SnapshotLocator,
    ProjectQuotaService,
    DefaultVolumeTypeSeeder,
    CreateVolumeHandler,
    RecordBackendResultHandler,
    ExecuteVolumeHandler,
  ],
  exports: [CqrsModule, VolumeCommandExecutor, VolumeTypeCatalogService, SnapshotLocator, ProjectQuotaService],
})
export class VolumeCommandsModule {}
