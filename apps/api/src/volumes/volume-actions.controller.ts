import { Controller, Param, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { noSuchAction, resourceNotFound, selectAction, validateVolumeActionBody } from '@app/cinder-api';
import { ActionSupport, VOLUME_ACTIONS, type ActionReply } from './actions';
import { VolumeAccess } from './volume-access';

/**
 * POST /v3/{project_id}/volumes/{volume_id}/action, in Cinder's order (§0): the body and action
 * name, the URL's project, the microversion gate, the schema; then the action's own lookup,
 * policies and decision.
 */
@Controller()
export class VolumeActionsController {
  constructor(
    private readonly access: VolumeAccess,
    private readonly support: ActionSupport,
  ) {}

  @Post(['v3/:project_id/volumes/:volume_id/action', 'v3/volumes/:volume_id/action'])
  async act(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Param('volume_id') volumeId: string,
    @Param('project_id') projectId?: string,
  ) {
    const { action: name, body } = selectAction(request.body as Buffer | undefined, request.headers['content-type']);
    const action = VOLUME_ACTIONS.get(name);
    if (!action) throw noSuchAction(name);
    this.access.checkUrlProject(projectId, request.cinder.caller);
    if (action.minVersion && !request.cinder.version.atLeast(action.minVersion)) throw resourceNotFound();
    validateVolumeActionBody(name, request.cinder.version, body);
    const value = (body as Record<string, unknown>)[name];
    return send(reply, await action.run({ request, volumeId, value }, this.support));
  }
}

function send(reply: FastifyReply, result: ActionReply) {
  reply.code(result.status);
  if (result.contentType) return reply.type(result.contentType).send('');
  reply.type('application/json');
  return result.body === undefined ? reply.send() : reply.send(result.body);
}
