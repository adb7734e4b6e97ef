import type { FastifyReply } from 'fastify';
import type { CinderFault } from '@app/cinder-api';

export function sendFault(reply: FastifyReply, fault: CinderFault) {
  return reply
    .code(fault.status)
    .headers(fault.headers ?? {})
    .type('application/json')
    .send(fault.toBody());
}
