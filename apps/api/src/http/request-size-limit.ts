import { HttpException } from '@nestjs/common';
import type { FastifyReply } from 'fastify';

export const isBodyTooLarge = (error: unknown) =>
  (error instanceof HttpException && error.getStatus() === 413) ||
  (error as { code?: string })?.code === 'FST_ERR_CTP_BODY_TOO_LARGE';

/**
 * oslo.middleware's sizelimit answers ahead of Cinder's API (no fault envelope, no version
 * headers), in WebOb's plain-text error format.
 */
export function sendBodyTooLarge(reply: FastifyReply, maxRequestBodySize: number) {
  reply.removeHeader('openstack-api-version');
  reply.removeHeader('vary');
  return reply
    .code(413)
    .type('text/plain; charset=UTF-8')
    .send(
      `413 Request Entity Too Large\n\nRequest is too large. Larger than max_request_body_size (${maxRequestBodySize}).\n\n   `,
    );
}
