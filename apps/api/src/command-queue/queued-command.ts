import { CinderFault } from '@app/cinder-api';

/**
 * A volume command sent on the command queue: what the HTTP action would receive — the action
 * and its body, the volume and project of the URL, the caller — plus an optional microversion and
 * correlation id. The queue is inside the trust boundary: whoever may write to it speaks for the
 * caller it names, as a gateway does for the identity headers.
 */
export interface QueuedVolumeCommand {
  action: string;
  volume_id: string;
  project_id: string;
  caller: { user_id: string; project_id: string; roles?: string[]; service_roles?: string[]; is_admin_project?: boolean };
  body: unknown;
  microversion?: string;
  correlation_id?: string;
}

/** The job's return value: the status and body the HTTP action would have answered. */
export interface QueuedCommandResult {
  status: number;
  body: unknown;
}

/** Refuses a message that is not a command, with Cinder's bad-request fault. */
export function parseQueuedCommand(data: unknown): QueuedVolumeCommand {
  const message = data as Partial<QueuedVolumeCommand> | null;
  const problem = (field: string) =>
    new CinderFault(400, `Invalid volume command message: ${field}. Send {action, volume_id, project_id, caller: {user_id, project_id, roles}, body}.`);
  if (!message || typeof message !== 'object') throw problem('it is not an object');
  for (const field of ['action', 'volume_id', 'project_id'] as const) {
    if (typeof message[field] !== 'string' || !message[field]) throw problem(`${field} must be a non-empty string`);
  }
  const caller = message.caller;
  if (!caller || typeof caller.user_id !== 'string' || typeof caller.project_id !== 'string') {
    throw problem('caller must name a user_id and a project_id');
  }
  for (const list of ['roles', 'service_roles'] as const) {
    if (caller[list] !== undefined && !(Array.isArray(caller[list]) && caller[list].every((r) => typeof r === 'string'))) {
      throw problem(`caller.${list} must be a list of strings`);
    }
  }
  if (message.microversion !== undefined && typeof message.microversion !== 'string') throw problem('microversion must be a string like "3.42"');
  if (message.correlation_id !== undefined && typeof message.correlation_id !== 'string') throw problem('correlation_id must be a string');
  return message as QueuedVolumeCommand;
}
