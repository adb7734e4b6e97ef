import { randomUUID } from 'node:crypto';

/** Who is acting: carried into every event's metadata. */
export interface Actor {
  user_id: string;
  project_id: string;
  roles: string[];
  is_admin: boolean;
  /** A service (e.g. compute) acting with service credentials, or the engine's own worker. */
  service: boolean;
  service_roles: string[];
}

/** Everything about the request that caused a command, except the command itself. */
export interface CommandContext {
  actor: Actor;
  request_id: string;
  correlation_id: string;
  /** The event (or request) that caused this command. */
  causation_id: string | null;
  microversion: string | null;
  now: Date;
  /** Ids of the events a command records; deterministic for workers so a retried job appends once. */
  eventId: (index: number) => string;
  /** More metadata for every event the command records (e.g. the request's idempotency key). */
  extraMetadata?: Record<string, unknown>;
}

export const randomEventIds = () => () => randomUUID();

/** The engine's worker acting on the backend's behalf. */
export const ENGINE_ACTOR: Actor = {
  user_id: 'cinder-engine',
  project_id: 'service',
  roles: ['service'],
  is_admin: true,
  service: true,
  service_roles: ['service'],
};
