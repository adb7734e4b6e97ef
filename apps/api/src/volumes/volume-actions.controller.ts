import { Controller, Param, Post, Req, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  CinderFault,
  extendSchema,
  noSuchAction,
  resourceNotFound,
  selectAction,
  validate,
} from '@app/cinder-api';
import { ExtendVolumeCommand } from '@app/volume-commands';
import { commandContext } from './command-context.factory';
import { VOLUME_ACTIONS } from './volume-actions';
import { VolumeAccess } from './volume-access';

/**
 * POST /v3/{project_id}/volumes/{volume_id}/action, checked in Cinder's order (§0): body and
 * action name, URL project, microversion gate, schema, volume lookup, then the action itself.
 */
@Controller()
export class VolumeActionsController {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly access: VolumeAccess,
  ) {}

  @Post(['v3/:project_id/volumes/:volume_id/action', 'v3/volumes/:volume_id/action'])
  async act(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Param('volume_id') volumeId: string,
    @Param('project_id') projectId?: string,
  ) {
    const { action, body } = selectAction(request.body as Buffer | undefined ?? Buffer.alloc(0), request.headers['content-type']);
    const known = VOLUME_ACTIONS[action];
    if (!known) throw noSuchAction(action);
    this.access.checkUrlProject(projectId, request.cinder.caller);
    if (known.minVersion && !request.cinder.version.atLeast(known.minVersion)) throw resourceNotFound();

    switch (action) {
      case 'os-extend':
        return this.extend(request, reply, volumeId, body);
      default:
        throw new CinderFault(501, `The action ${action} is not implemented by this engine yet.`);
    }
  }

  private async extend(request: FastifyRequest, reply: FastifyReply, volumeId: string, body: unknown) {
    validate(extendSchema, body);
    const newSize = Number((body as { 'os-extend': { new_size: number | string } })['os-extend'].new_size);
    const { caller, version } = request.cinder;
    const volume = await this.access.find(volumeId, caller);
    // Cinder picks the attached path from the status it loaded, before deciding.
    const attached = version.atLeast('3.42') && volume.status === 'in-use';
    this.access.authorize(attached ? 'volume:extend_attached_volume' : 'volume:extend', caller, volume);
    await this.commandBus.execute(new ExtendVolumeCommand(volumeId, newSize, version.atLeast('3.42'), commandContext(request)));
    return reply.code(202).type('application/json').send();
  }
}
