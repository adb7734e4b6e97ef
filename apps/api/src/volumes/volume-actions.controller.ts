import { Controller, Param, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { header } from '@app/identity';
import type { ActionReply } from './actions';
import { VolumeActionPipeline } from './actions/action-pipeline';

/** POST /v3/{project_id}/volumes/{volume_id}/action (and the project-less form). */
@Controller()
export class VolumeActionsController {
  constructor(private readonly pipeline: VolumeActionPipeline) {}

  @Post(['v3/:project_id/volumes/:volume_id/action', 'v3/volumes/:volume_id/action'])
  async act(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Param('volume_id') volumeId: string,
    @Param('project_id') projectId?: string,
  ) {
    const result = await this.pipeline.run({
      origin: request.cinder,
      projectId,
      volumeId,
      rawBody: request.body as Buffer | undefined,
      contentType: request.headers['content-type'],
      idempotencyKey: header(request.headers, 'idempotency-key'),
    });
    return send(reply, result);
  }
}

function send(reply: FastifyReply, result: ActionReply) {
  reply.code(result.status);
  if (result.contentType) return reply.type(result.contentType).send('');
  reply.type('application/json');
  return result.body === undefined ? reply.send() : reply.send(result.body);
}
