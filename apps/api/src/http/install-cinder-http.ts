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
    // Cinder's `req-<uuid>`: Fastify's request id (see cinderRequestId), so log lines and events agree.
    const requestId = /^req-[0-9a-f-]{36}$/.test(request.id) ? request.id : cinderRequestId();
    reply.header('x-openstack-request-id', requestId);
    reply.header('x-compute-request-id', requestId);
    if (!isV3(request.url)) return;

    let identified = identify(request.headers, identity);
    // keystoneauth (openstacksdk) reads the v3 version document without a token to learn the
    // microversions; noauth serves it as the handed-out token's caller instead of answering 204.
    if (identified.kind === 'noauth-token' && isVersionDocument(request)) {
      identified = identify({ 'x-auth-token': identified.token }, identity);
    }
    if (identified.kind === 'noauth-token') return handOutNoauthToken(request, reply, identified.token);
    if (identified.kind === 'unauthenticated') return sendFault(reply, unauthorized());
    const { caller } = identified;

    try {
      const { version } = negotiateMicroversion(header(request.headers, 'openstack-api-version'));
      reply.headers(versionHeaders(version));
      // A sender's correlation id (or its own OpenStack request id) ties our events to its workflow.
      const correlationId = header(request.headers, 'x-correlation-id') ?? header(request.headers, 'x-openstack-request-id') ?? requestId;
      request.cinder = { requestId, version, caller, correlationId };
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

/** Cinder's request id form, `req-<uuid>`; Fastify's `genReqId`. */
export const cinderRequestId = () => `req-${randomUUID()}`;

const isV3 = (url: string) => url === '/v3' || url.startsWith('/v3/') || url.startsWith('/v3?');
const isVersionDocument = (request: FastifyRequest) =>
  (request.method === 'GET' || request.method === 'HEAD') && ['/v3', '/v3/'].includes(request.url.split('?')[0]);

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
