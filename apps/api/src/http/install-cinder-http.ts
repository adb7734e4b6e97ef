import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import { CinderFault, internalError, negotiateMicroversion, unauthorized, versionHeaders } from '@app/cinder-api';
import { header, identify, type IdentityOptions } from '@app/identity';
import './cinder-request';
import { sendFault } from './send-fault';

/**
 * Cinder's request pipeline ahead of the controllers (§0 of the spec): request id, identity,
 * microversion, and bodies handed over raw so the action dispatcher can apply Cinder's own rules
 * for empty, untyped and malformed bodies.
 */
export function installCinderHttp(app: FastifyInstance, identity: IdentityOptions) {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
  app.decorateRequest('cinder', null as never);

  app.addHook('onRequest', async (request, reply) => {
    const requestId = `req-${randomUUID()}`;
    reply.header('x-openstack-request-id', requestId);
    reply.header('x-compute-request-id', requestId);
    if (!isV3(request.url)) return;

    const identified = identify(request.headers, identity);
    if (identified.kind === 'noauth-token') return handOutNoauthToken(request, reply, identified.token);
    if (identified.kind === 'unauthenticated') return sendFault(reply, unauthorized());
    const { caller } = identified;

    try {
      const { version } = negotiateMicroversion(header(request.headers, 'openstack-api-version'));
      reply.headers(versionHeaders(version));
      request.cinder = { requestId, version, caller };
    } catch (error) {
      return sendFault(reply, error instanceof CinderFault ? error : internalError());
    }
  });

  // Cinder answers `application/json` without a charset parameter.
  app.addHook('onSend', async (_request, reply, payload) => {
    if (reply.getHeader('content-type') === 'application/json; charset=utf-8') reply.type('application/json');
    return payload;
  });
}

const isV3 = (url: string) => url === '/v3' || url.startsWith('/v3/') || url.startsWith('/v3?');

/** Cinder's noauth answer to a request without a token: 204 and the token to use. */
function handOutNoauthToken(request: FastifyRequest, reply: FastifyReply, token: string) {
  const url = `${request.protocol}://${request.headers.host ?? 'localhost'}${request.url}`.replace(/\/+$/, '');
  return reply
    .code(204)
    .header('X-Auth-Token', token)
    .header('X-Server-Management-Url', url)
    .type('text/plain')
    .send();
}
