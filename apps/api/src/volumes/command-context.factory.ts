import type { FastifyRequest } from 'fastify';
import { randomEventIds, type CommandContext } from '@app/volume-commands';
import { header } from '@app/identity';

/** The context a request's commands carry into their events' metadata. */
export function commandContext(request: FastifyRequest): CommandContext {
  const { requestId, caller, version } = request.cinder;
  return {
    actor: caller,
    request_id: requestId,
    // A caller's own request id (X-OpenStack-Request-ID) ties our events to its workflow.
    correlation_id: header(request.headers, 'x-openstack-request-id') ?? requestId,
    causation_id: requestId,
    microversion: version.toString(),
    now: new Date(),
    eventId: randomEventIds(),
  };
}

export const baseUrl = (request: FastifyRequest) =>
  `${request.protocol}://${request.headers.host ?? 'localhost'}/`;
