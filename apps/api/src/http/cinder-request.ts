import type { ApiVersion } from '@app/cinder-api';
import type { Caller } from '@app/identity';

/** What the hooks learn about a request before a controller sees it. */
export interface CinderRequestState {
  requestId: string;
  version: ApiVersion;
  caller: Caller;
  /** Ties everything a workflow causes together: the sender's, or this request's id. */
  correlationId: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    cinder: CinderRequestState;
  }
}
