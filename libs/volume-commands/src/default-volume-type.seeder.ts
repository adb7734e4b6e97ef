import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { DEFAULT_VOLUME_TYPE_NAME, VolumeTypeError } from '@app/domain/volume-type/volume-type-catalog';
import { deterministicUuid } from './deterministic-id';
import { ENGINE_ACTOR } from './command-context';
import { DEFAULT_VOLUME_TYPE_ID, VolumeTypeCatalogService } from './volume-type-catalog.service';

/**
 * Cinder always has a default type (`__DEFAULT__`); every process makes sure it exists at start.
 * Its fixed id and event id make concurrent starts record it once.
 */
@Injectable()
export class DefaultVolumeTypeSeeder implements OnApplicationBootstrap {
  constructor(private readonly catalog: VolumeTypeCatalogService) {}

  async onApplicationBootstrap() {
    if (await this.catalog.defaultType()) return;
    try {
      await this.catalog.execute(
        {
          type: 'CreateVolumeType',
          data: { id: DEFAULT_VOLUME_TYPE_ID, name: DEFAULT_VOLUME_TYPE_NAME, description: 'Default Volume Type', is_public: true, extra_specs: {} },
        },
        {
          actor: ENGINE_ACTOR,
          request_id: `req-${deterministicUuid('seed-default-volume-type')}`,
          correlation_id: 'seed-default-volume-type',
          causation_id: null,
          microversion: null,
          now: new Date(),
          eventId: (index) => deterministicUuid(`seed-default-volume-type/${index}`),
        },
      );
    } catch (error) {
      // Another process seeded it first.
      if (!(error instanceof VolumeTypeError && error.status === 409)) throw error;
    }
  }
}
