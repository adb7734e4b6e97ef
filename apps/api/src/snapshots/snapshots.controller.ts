import { Controller, Delete, HttpCode, Param, Post, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import { CinderFault, parseJsonBody, toBool, validate, type Schema } from '@app/cinder-api';
import { boolean, metadataAllowsNull, nameAllowZeroMinLength, uuid } from '@app/cinder-api';
import { ExecuteVolumeCommand, formatCinderTime, SnapshotLocator } from '@app/volume-commands';
import { CommandBus } from '@nestjs/cqrs';
import { commandContext } from '../volumes/command-context.factory';
import { VolumeAccess } from '../volumes/volume-access';
import type { SnapshotDocument } from '@app/read-model';
import { presentSnapshot } from '../queries/snapshot-view';

/** cinder/api/schemas/snapshots.py `create`. */
const createSnapshotSchema: Schema = {
  type: 'object',
  properties: {
    snapshot: {
      type: 'object',
      properties: {
        name: nameAllowZeroMinLength,
        display_name: nameAllowZeroMinLength,
        description: nameAllowZeroMinLength,
        display_description: nameAllowZeroMinLength,
        volume_id: uuid,
        force: boolean,
        metadata: metadataAllowsNull,
      },
      required: ['volume_id'],
      additionalProperties: false,
    },
  },
  required: ['snapshot'],
  additionalProperties: false,
};

/** Snapshot create and delete; a snapshot lives in its volume's stream. */
@Controller()
export class SnapshotsController {
  constructor(
    private readonly access: VolumeAccess,
    private readonly locator: SnapshotLocator,
    private readonly commandBus: CommandBus,
  ) {}

  @Post(['v3/:project_id/snapshots', 'v3/snapshots'])
  @HttpCode(202)
  async create(@Req() request: FastifyRequest, @Param('project_id') projectId?: string) {
    const body = parseJsonBody(request.body as Buffer | undefined, request.headers['content-type']);
    const { caller, version } = request.cinder;
    this.access.checkUrlProject(projectId, caller);
    validate(createSnapshotSchema, body);
    const input = (body as { snapshot: Record<string, unknown> }).snapshot;
    const volume = await this.access.find(String(input.volume_id), caller);
    this.access.authorize('volume:create_snapshot', caller, volume);
    const snapshotId = randomUUID();
    const ctx = commandContext(request.cinder);
    await this.locator.register(snapshotId, volume.id, ctx);
    const { state } = await this.commandBus.execute(
      new ExecuteVolumeCommand(
        {
          type: 'CreateSnapshot',
          volume_id: volume.id,
          data: {
            operation_id: randomUUID(),
            snapshot_id: snapshotId,
            name: (input.name ?? input.display_name ?? null) as string | null,
            description: (input.description ?? input.display_description ?? null) as string | null,
            // Microversion 3.66 made force implicit: an in-use volume may be snapshotted.
            force: version.atLeast('3.66') || toBool(input.force ?? false),
            backend_frozen: false,
            now: formatCinderTime(ctx.now),
          },
        },
        ctx,
      ),
    );
    const snapshot = state.exists ? state.snapshots.find((s) => s.id === snapshotId) : undefined;
    if (!snapshot || !state.exists) throw new CinderFault(500, 'The snapshot was not recorded.');
    const extendedAttributes = this.access.allows('volume_extension:extended_snapshot_attributes', caller, volume);
    const document: SnapshotDocument = {
      id: snapshot.id,
      volume_id: volume.id,
      project_id: volume.project_id,
      user_id: caller.user_id,
      name: snapshot.name,
      description: snapshot.description,
      status: snapshot.status,
      size: snapshot.volume_size,
      metadata: {},
      availability_zone: volume.availability_zone,
      created_at: snapshot.created_at,
      updated_at: null,
      progress: '0%',
      // The create request's event sits on top of the volume as it was read; the presenter shows no revision.
      revision: volume.revision + 1,
    };
    return { snapshot: presentSnapshot(document, { version, detail: true, extendedAttributes }) };
  }

  @Delete(['v3/:project_id/snapshots/:snapshot_id', 'v3/snapshots/:snapshot_id'])
  @HttpCode(202)
  async remove(@Req() request: FastifyRequest, @Param('snapshot_id') snapshotId: string, @Param('project_id') projectId?: string) {
    const { caller } = request.cinder;
    this.access.checkUrlProject(projectId, caller);
    const notFound = new CinderFault(404, `Snapshot ${snapshotId} could not be found.`);
    const volumeId = await this.locator.volumeOf(snapshotId);
    if (!volumeId) throw notFound;
    const volume = await this.access.find(volumeId, caller).catch(() => {
      throw notFound;
    });
    if (!volume.snapshots.some((s) => s.id === snapshotId)) throw notFound;
    this.access.authorize('volume:delete_snapshot', caller, volume);
    await this.commandBus.execute(
      new ExecuteVolumeCommand(
        { type: 'DeleteSnapshot', volume_id: volumeId, data: { snapshot_id: snapshotId, operation_id: randomUUID(), force: false, backend_frozen: false } },
        commandContext(request.cinder),
      ),
    );
  }
}
