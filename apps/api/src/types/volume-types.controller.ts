import { Controller, Delete, Get, HttpCode, Param, Post, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import { CinderFault, parseJsonBody, toBool, validate } from '@app/cinder-api';
import { VolumeTypeError, type VolumeType } from '@app/domain/volume-type/volume-type-catalog';
import { Policy } from '@app/policy';
import { DEFAULT_VOLUME_TYPE_ID, VolumeTypeCatalogService } from '@app/volume-commands';
import { commandContext } from '../volumes/command-context.factory';
import { VolumeAccess } from '../volumes/volume-access';
import { presentVolumeType } from './volume-type-presenter';
import { createVolumeTypeSchema, setExtraSpecsSchema } from './volume-type.schemas';

const TYPES = ['v3/:project_id/types', 'v3/types'];
const TYPE = ['v3/:project_id/types/:type_id', 'v3/types/:type_id'];
const EXTRA_SPECS = ['v3/:project_id/types/:type_id/extra_specs', 'v3/types/:type_id/extra_specs'];
const EXTRA_SPEC = ['v3/:project_id/types/:type_id/extra_specs/:key', 'v3/types/:type_id/extra_specs/:key'];

/** Volume types and their extra specs (cinder/api/contrib/types_manage.py, types_extra_specs.py). */
@Controller()
export class VolumeTypesController {
  constructor(
    private readonly catalog: VolumeTypeCatalogService,
    private readonly access: VolumeAccess,
    private readonly policy: Policy,
  ) {}

  @Get(TYPES)
  async list(@Req() request: FastifyRequest, @Param('project_id') projectId?: string) {
    this.authorize(request, projectId, 'volume_extension:type_get_all');
    const { catalog } = await this.catalog.catalog();
    const visible = Object.values(catalog.types).filter((t) => t.is_public || request.cinder.caller.is_admin);
    return { volume_types: visible.map((t) => this.present(request, t)) };
  }

  @Get(['v3/:project_id/types/default', 'v3/types/default'])
  async showDefault(@Req() request: FastifyRequest, @Param('project_id') projectId?: string) {
    this.authorize(request, projectId, 'volume_extension:type_get');
    return { volume_type: this.present(request, await this.existing(DEFAULT_VOLUME_TYPE_ID)) };
  }

  @Get(TYPE)
  async show(@Req() request: FastifyRequest, @Param('type_id') typeId: string, @Param('project_id') projectId?: string) {
    this.authorize(request, projectId, 'volume_extension:type_get');
    return { volume_type: this.present(request, await this.existing(typeId)) };
  }

  @Post(TYPES)
  @HttpCode(200)
  async create(@Req() request: FastifyRequest, @Param('project_id') projectId?: string) {
    const body = parseJsonBody(request.body as Buffer | undefined, request.headers['content-type']);
    this.authorize(request, projectId, 'volume_extension:types_manage');
    validate(createVolumeTypeSchema, body);
    const input = (body as { volume_type: Record<string, unknown> }).volume_type;
    const type: VolumeType = {
      id: randomUUID(),
      name: String(input.name).trim(),
      description: (input.description as string | null | undefined) ?? null,
      is_public: input['os-volume-type-access:is_public'] === undefined || toBool(input['os-volume-type-access:is_public']),
      extra_specs: (input.extra_specs as Record<string, string> | null | undefined) ?? {},
    };
    await this.run(request, { type: 'CreateVolumeType', data: type });
    return { volume_type: this.present(request, type) };
  }

  @Get(EXTRA_SPECS)
  async extraSpecs(@Req() request: FastifyRequest, @Param('type_id') typeId: string, @Param('project_id') projectId?: string) {
    this.authorize(request, projectId, 'volume_extension:types_extra_specs:index');
    return { extra_specs: (await this.existing(typeId)).extra_specs };
  }

  @Post(EXTRA_SPECS)
  @HttpCode(200)
  async setExtraSpecs(@Req() request: FastifyRequest, @Param('type_id') typeId: string, @Param('project_id') projectId?: string) {
    const body = parseJsonBody(request.body as Buffer | undefined, request.headers['content-type']);
    this.authorize(request, projectId, 'volume_extension:types_extra_specs:create');
    validate(setExtraSpecsSchema, body);
    const extraSpecs = (body as { extra_specs: Record<string, string> }).extra_specs;
    await this.run(request, { type: 'SetVolumeTypeExtraSpecs', data: { id: typeId, extra_specs: extraSpecs } });
    return { extra_specs: extraSpecs };
  }

  @Get(EXTRA_SPEC)
  async extraSpec(@Req() request: FastifyRequest, @Param('type_id') typeId: string, @Param('key') key: string, @Param('project_id') projectId?: string) {
    this.authorize(request, projectId, 'volume_extension:types_extra_specs:show');
    const type = await this.existing(typeId);
    if (!(key in type.extra_specs)) {
      throw new CinderFault(404, `Volume Type ${typeId} has no extra specs with key ${key}.`);
    }
    return { [key]: type.extra_specs[key] };
  }

  @Delete(EXTRA_SPEC)
  @HttpCode(202)
  async unsetExtraSpec(@Req() request: FastifyRequest, @Param('type_id') typeId: string, @Param('key') key: string, @Param('project_id') projectId?: string) {
    this.authorize(request, projectId, 'volume_extension:types_extra_specs:delete');
    await this.run(request, { type: 'UnsetVolumeTypeExtraSpec', data: { id: typeId, key } });
  }

  private authorize(request: FastifyRequest, projectId: string | undefined, rule: string) {
    const { caller } = request.cinder;
    this.access.checkUrlProject(projectId, caller);
    this.policy.authorize(rule, caller, { project_id: caller.project_id, user_id: caller.user_id });
  }

  private present(request: FastifyRequest, type: VolumeType) {
    const { caller } = request.cinder;
    const all = this.policy.enforce('volume_extension:access_types_extra_specs', caller, { project_id: caller.project_id });
    return presentVolumeType(type, all);
  }

  private async existing(typeId: string): Promise<VolumeType> {
    const { catalog } = await this.catalog.catalog();
    const type = catalog.types[typeId];
    if (!type) throw new CinderFault(404, `Volume type ${typeId} could not be found.`);
    return type;
  }

  private async run(request: FastifyRequest, command: Parameters<VolumeTypeCatalogService['execute']>[0]) {
    try {
      await this.catalog.execute(command, commandContext(request.cinder));
    } catch (error) {
      if (error instanceof VolumeTypeError) throw new CinderFault(error.status, error.message);
      throw error;
    }
  }
}
