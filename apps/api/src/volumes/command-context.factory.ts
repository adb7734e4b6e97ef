import type { FastifyRequest } from 'fastify';
import { randomEventIds, type CommandContext } from '@app/volume-commands';
import type { CinderRequestState } from '../http/cinder-request';

/** The context a request's commands carry into their events' metadata. */
export function commandContext(origin: CinderRequestState, extraMetadata?: CommandContext['extraMetadata']): CommandContext {
  return {
    actor: origin.caller,
    request_id: origin.requestId,
    correlation_id: origin.correlationId,
    causation_id: origin.requestId,
    microversion: origin.version.toString(),
    now: new Date(),
    eventId: randomEventIds(),
    ...(extraMetadata ? { extraMetadata } : {}),
  };
}

export const baseUrl = (request: FastifyRequest) =>
  `${request.protocol}://${request.headers.host ?? 'localhost'}/`;
