import { Controller, Delete, Get, HttpCode, Param, Post, Put, Query, Req } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import {
  CinderFault,
  metadata,
  metadataAllowsNull,
  nameAllowZeroMinLength,
  parseJsonBody,
  validate,
  type Schema,
} from '@app/cinder-api';
import type { VolumeCommand } from '@app/domain';
import { ExecuteVolumeCommand, formatCinderTime } from '@app/volume-commands';
import { baseUrl, commandContext } from './command-context.factory';
import { VolumeAccess } from './volume-access';
import { presentVolume } from './volume-presenter';

/** cinder/api/schemas/volumes.py `update`. */
const updateSchema: Schema = {
  type: 'object',
  properties: {
    volume: {
      type: 'object',
      properties: {
        name: nameAllowZeroMinLength,
        description: nameAllowZeroMinLength,
        display_name: nameAllowZeroMinLength,
        display_description: nameAllowZeroMinLength,
        metadata: metadataAllowsNull,
      },
      additionalProperties: false,
    },
  },
  required: ['volume'],
  additionalProperties: false,
};
const metadataSchema: Schema = { type: 'object', properties: { metadata }, required: ['metadata'], additionalProperties: false };
const metaSchema: Schema = { type: 'object', properties: { meta: metadata }, required: ['meta'], additionalProperties: false };

const VOLUME = ['v3/:project_id/volumes/:volume_id', 'v3/volumes/:volume_id'];
const METADATA = ['v3/:project_id/volumes/:volume_id/metadata', 'v3/volumes/:volume_id/metadata'];
const METADATA_KEY = ['v3/:project_id/volumes/:volume_id/metadata/:key', 'v3/volumes/:volume_id/metadata/:key'];

/** Volume update and delete, and volume metadata (cinder/api/v3/volumes.py, v2/volume_metadata.py). */
@Controller()
export class VolumeWritesController {
  constructor(
    private readonly access: VolumeAccess,
    private readonly commandBus: CommandBus,
  ) {}

  @Put(VOLUME)
  async update(@Req() request: FastifyRequest, @Param('volume_id') volumeId: string, @Param('project_id') projectId?: string) {
    const body = this.body(request, projectId, updateSchema) as { volume: Record<string, unknown> };
    const changes = body.volume;
    const volume = await this.authorize(request, volumeId, 'volume:update');
    const { state } = await this.execute(request, {
      type: 'UpdateVolume',
      volume_id: volumeId,
      data: {
        ...('name' in changes || 'display_name' in changes ? { name: (changes.name ?? changes.display_name ?? null) as string | null } : {}),
        ...('description' in changes || 'display_description' in changes
          ? { description: (changes.description ?? changes.display_description ?? null) as string | null }
          : {}),
        ...(changes.metadata ? { metadata: changes.metadata as Record<string, string> } : {}),
      },
    });
    const view = { ...volume, ...(state.exists ? state : {}), updated_at: formatCinderTime(new Date()) };
    const { version, caller } = request.cinder;
    return { volume: presentVolume(view, { version, caller, baseUrl: baseUrl(request), allows: (rule) => this.access.allows(rule, caller, view) }) };
  }

  @Delete(VOLUME)
  @HttpCode(202)
  async remove(
    @Req() request: FastifyRequest,
    @Param('volume_id') volumeId: string,
    @Query('cascade') cascade?: string,
    @Query('force') force?: string,
    @Param('project_id') projectId?: string,
  ) {
    this.access.checkUrlProject(projectId, request.cinder.caller);
    const forced = request.cinder.version.atLeast('3.23') && isTrue(force);
    const volume = await this.authorize(request, volumeId, 'volume:delete');
    if (forced) this.access.authorize('volume:force_delete', request.cinder.caller, volume);
    await this.execute(request, {
      type: 'DeleteVolume',
      volume_id: volumeId,
      data: { operation_id: randomUUID(), now: formatCinderTime(new Date()), cascade: isTrue(cascade), force: forced, backend_frozen: false },
    });
  }

  @Get(METADATA)
  async listMetadata(@Req() request: FastifyRequest, @Param('volume_id') volumeId: string, @Param('project_id') projectId?: string) {
    this.access.checkUrlProject(projectId, request.cinder.caller);
    const volume = await this.authorize(request, volumeId, 'volume:get_volume_metadata');
    return { metadata: volume.metadata };
  }

  /** POST merges into the metadata; PUT replaces all of it. Both answer the metadata they set. */
  @Post(METADATA)
  @HttpCode(200)
  createMetadata(@Req() request: FastifyRequest, @Param('volume_id') volumeId: string, @Param('project_id') projectId?: string) {
    return this.setMetadata(request, volumeId, projectId, false, 'volume:create_volume_metadata');
  }

  @Put(METADATA)
  replaceMetadata(@Req() request: FastifyRequest, @Param('volume_id') volumeId: string, @Param('project_id') projectId?: string) {
    return this.setMetadata(request, volumeId, projectId, true, 'volume:update_volume_metadata');
  }

  @Get(METADATA_KEY)
  async showMetadataKey(@Req() request: FastifyRequest, @Param('volume_id') volumeId: string, @Param('key') key: string, @Param('project_id') projectId?: string) {
    this.access.checkUrlProject(projectId, request.cinder.caller);
    const volume = await this.authorize(request, volumeId, 'volume:get_volume_metadata');
    if (!(key in volume.metadata)) throw metadataNotFound(volumeId, key);
    return { meta: { [key]: volume.metadata[key] } };
  }

  @Put(METADATA_KEY)
  async updateMetadataKey(@Req() request: FastifyRequest, @Param('volume_id') volumeId: string, @Param('key') key: string, @Param('project_id') projectId?: string) {
    const { meta } = this.body(request, projectId, metaSchema) as { meta: Record<string, string> };
    if (Object.keys(meta).length !== 1 || !(key in meta)) {
      throw new CinderFault(400, Object.keys(meta).length > 1 ? 'Request body contains too many items' : 'Request body and URI mismatch');
    }
    await this.authorize(request, volumeId, 'volume:update_volume_metadata');
    await this.execute(request, { type: 'SetVolumeMetadata', volume_id: volumeId, data: { metadata: meta, replace: false } });
    return { meta };
  }

  @Delete(METADATA_KEY)
  @HttpCode(200)
  async deleteMetadataKey(@Req() request: FastifyRequest, @Param('volume_id') volumeId: string, @Param('key') key: string, @Param('project_id') projectId?: string) {
    this.access.checkUrlProject(projectId, request.cinder.caller);
    const volume = await this.authorize(request, volumeId, 'volume:delete_volume_metadata');
    if (!(key in volume.metadata)) throw metadataNotFound(volumeId, key);
    await this.execute(request, { type: 'DeleteVolumeMetadata', volume_id: volumeId, data: { key } });
  }

  private async setMetadata(request: FastifyRequest, volumeId: string, projectId: string | undefined, replace: boolean, rule: string) {
    const { metadata: given } = this.body(request, projectId, metadataSchema) as { metadata: Record<string, string> };
    await this.authorize(request, volumeId, rule);
    const { state } = await this.execute(request, { type: 'SetVolumeMetadata', volume_id: volumeId, data: { metadata: given, replace } });
    return { metadata: state.exists ? state.metadata : given };
  }

  private body(request: FastifyRequest, projectId: string | undefined, schema: Schema): unknown {
    const body = parseJsonBody(request.body as Buffer | undefined, request.headers['content-type']);
    this.access.checkUrlProject(projectId, request.cinder.caller);
    validate(schema, body);
    return body;
  }

  private async authorize(request: FastifyRequest, volumeId: string, rule: string) {
    const volume = await this.access.find(volumeId, request.cinder.caller);
    this.access.authorize(rule, request.cinder.caller, volume);
    return volume;
  }

  private execute(request: FastifyRequest, command: VolumeCommand) {
    return this.commandBus.execute(new ExecuteVolumeCommand(command, commandContext(request.cinder)));
  }
}

const isTrue = (value: string | undefined) => value !== undefined && ['true', '1', 'yes', 'on', 't', 'y'].includes(value.toLowerCase());
const metadataNotFound = (volumeId: string, key: string) =>
  new CinderFault(404, `Volume ${volumeId} has no metadata with key ${key}.`);
