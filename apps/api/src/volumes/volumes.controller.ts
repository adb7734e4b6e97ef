import { Controller, Get, HttpCode, Inject, Param, Post, Req } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import { createVolumeSchemaFor, invalidInput, isUuidLike, parseJsonBody, validate, CinderFault } from '@app/cinder-api';
import { findByName, type VolumeType } from '@app/domain/volume-type/volume-type-catalog';
import { BACKEND_REGISTRY, choosePool, type BackendRegistry } from '@app/backend-registry';
import { ENGINE_CONFIG, type EngineConfig } from '@app/config';
import type { ExistingVolume } from '@app/domain';
import type { VolumeView } from '@app/read-model';
import { CreateVolumeCommand, DEFAULT_VOLUME_TYPE_ID, VolumeTypeCatalogService } from '@app/volume-commands';
import { baseUrl, commandContext } from './command-context.factory';
import { checkPerVolumeLimit } from './actions/per-volume-limit';
import { QuotaReservations } from './quota-reservations';
import { VolumeAccess } from './volume-access';
import { presentVolume } from './volume-presenter';

interface CreateVolumeBody {
  volume: {
    size?: number | string | null;
    name?: string | null;
    display_name?: string | null;
    description?: string | null;
    display_description?: string | null;
    volume_type?: string | null;
    metadata?: Record<string, string> | null;
    availability_zone?: string | null;
    multiattach?: boolean | null;
    snapshot_id?: string | null;
    source_volid?: string | null;
    imageRef?: string | null;
    image_id?: string | null;
    backup_id?: string | null;
  };
}

@Controller()
export class VolumesController {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly access: VolumeAccess,
    private readonly types: VolumeTypeCatalogService,
    private readonly quota: QuotaReservations,
    @Inject(ENGINE_CONFIG) private readonly config: EngineConfig,
    @Inject(BACKEND_REGISTRY) private readonly registry: BackendRegistry,
  ) {}

  @Post(['v3/:project_id/volumes', 'v3/volumes'])
  @HttpCode(202)
  async create(@Req() request: FastifyRequest, @Param('project_id') projectId?: string) {
    const body = parseJsonBody(request.body as Buffer | undefined, request.headers['content-type']);
    const { caller } = request.cinder;
    this.access.checkUrlProject(projectId, caller);
    validate(createVolumeSchemaFor(request.cinder.version), body);
    const { volume } = body as CreateVolumeBody;
    const target = { project_id: caller.project_id, user_id: caller.user_id };
    this.access.authorize('volume:create', caller, target);
    if (volume.multiattach === true) this.access.authorize('volume:multiattach', caller, target);
    this.refuseUnsupportedSources(volume);
    const volumeId = randomUUID();
    const ctx = commandContext(request.cinder);
    const size = this.size(volume.size);
    checkPerVolumeLimit(size, this.config.perVolumeGigabytes);
    const type = await this.volumeType(volume.volume_type);
    // Cinder answers 202 even when no backend can hold the volume; it then goes to `error`.
    const pool = choosePool(await this.registry.services(), {
      size,
      extra_specs: type.extra_specs,
      now: new Date(),
      serviceDownTimeMs: this.config.serviceDownTimeMs,
    });
    const availabilityZone = this.availabilityZone(volume.availability_zone);
    const { state } = await this.quota.around(ctx.actor.project_id, volumeId, { volumes: 1, gigabytes: size }, 'create', ctx, () =>
      this.commandBus.execute(
        new CreateVolumeCommand(
          volumeId,
          {
            project_id: ctx.actor.project_id,
            user_id: ctx.actor.user_id,
            size,
            name: volume.name ?? volume.display_name ?? null,
            description: volume.description ?? volume.display_description ?? null,
            availability_zone: availabilityZone,
            volume_type: type.name,
            volume_type_id: type.id,
            metadata: volume.metadata ?? {},
            multiattach: volume.multiattach === true,
            host: pool?.name ?? null,
          },
          ctx,
        ),
      ),
    );
    // A new stream: the view is the state at revision 0, not yet updated.
    const view = { ...(state as ExistingVolume), updated_at: null, revision: 0 };
    return { volume: presentVolume(view, this.presentation(request, view)) };
  }

  @Get(['v3/:project_id/volumes/:volume_id', 'v3/volumes/:volume_id'])
  async show(
    @Req() request: FastifyRequest,
    @Param('volume_id') volumeId: string,
    @Param('project_id') projectId?: string,
  ) {
    this.access.checkUrlProject(projectId, request.cinder.caller);
    const view = await this.access.find(volumeId, request.cinder.caller);
    return { volume: presentVolume(view, this.presentation(request, view)) };
  }

  private presentation(request: FastifyRequest, view: VolumeView) {
    const { version, caller } = request.cinder;
    return { version, caller, baseUrl: baseUrl(request), allows: (rule: string) => this.access.allows(rule, caller, view) };
  }

  /** cinder/volume/volume_types.py `get_by_name_or_id`, falling back to the default type. */
  private async volumeType(requested: string | null | undefined): Promise<VolumeType> {
    if (!requested) {
      const fallback = await this.types.defaultType();
      if (!fallback) throw new CinderFault(404, `Volume type ${DEFAULT_VOLUME_TYPE_ID} could not be found.`);
      return fallback;
    }
    const { catalog } = await this.types.catalog();
    if (isUuidLike(requested)) {
      const byId = catalog.types[requested];
      if (!byId) throw new CinderFault(404, `Volume type ${requested} could not be found.`);
      return byId;
    }
    const byName = findByName(catalog, requested);
    if (!byName) throw new CinderFault(404, `Volume type with name ${requested} could not be found.`);
    return byName;
  }

  /** cinder/volume/flows/api/create_volume.py `_extract_size`. */
  private size(size: number | string | null | undefined): number {
    // An absent size is Python's None in Cinder's message.
    if (size === null || size === undefined) {
      throw invalidInput("Volume size 'None' must be an integer and greater than 0");
    }
    return Number(size);
  }

  private availabilityZone(requested: string | null | undefined): string {
    if (requested && requested !== this.config.availabilityZone) {
      throw new CinderFault(400, `Availability zone '${requested}' is invalid.`);
    }
    return this.config.availabilityZone;
  }

  private refuseUnsupportedSources(volume: CreateVolumeBody['volume']) {
    const source = (['snapshot_id', 'source_volid', 'imageRef', 'image_id', 'backup_id'] as const).find(
      (key) => volume[key],
    );
    if (source) {
      throw new CinderFault(
        501,
        `Creating a volume from ${source} is not implemented by this engine yet; create an empty volume instead.`,
      );
    }
  }
}
