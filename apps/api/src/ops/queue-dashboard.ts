import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter as BullBoardFastifyAdapter } from '@bull-board/fastify';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Queue } from 'bullmq';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { identify, type Caller, type IdentityOptions } from '@app/identity';

export const QUEUE_DASHBOARD_PATH = '/admin/queues';

/**
 * bull-board at /admin/queues, for admins only: the caller is identified exactly as for the API
 * (the noauth token, or the gateway's keystone headers) and must pass `context_is_admin`.
 */
export async function installQueueDashboard(
  app: NestFastifyApplication,
  queues: Queue[],
  identity: IdentityOptions,
  isAdminApi: (caller: Caller) => boolean,
) {
  const serverAdapter = new BullBoardFastifyAdapter();
  serverAdapter.setBasePath(QUEUE_DASHBOARD_PATH);
  createBullBoard({ queues: queues.map((queue) => new BullMQAdapter(queue)), serverAdapter });

  await app.register(
    async (scope: FastifyInstance) => {
      // The API hands bodies over raw (Cinder's own parsing); the dashboard's API speaks JSON.
      scope.removeAllContentTypeParsers();
      scope.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
        try {
          done(null, body === '' ? {} : JSON.parse(body as string));
        } catch (error) {
          done(error as Error, undefined);
        }
      });
      scope.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
        const identified = identify(request.headers, identity);
        if (identified.kind !== 'caller') {
          return reply.code(401).type('application/json').send({ error: 'Unauthorized', message: 'The queue dashboard needs an admin identity (X-Auth-Token or the gateway\'s identity headers).' });
        }
        const { caller } = identified;
        if (!caller.is_admin && !isAdminApi(caller)) {
          return reply.code(403).type('application/json').send({ error: 'Forbidden', message: 'The queue dashboard is for admins (context_is_admin / admin_api).' });
        }
      });
      await scope.register(serverAdapter.registerPlugin() as never);
    },
    { prefix: QUEUE_DASHBOARD_PATH },
  );
}
