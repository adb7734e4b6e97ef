import { ApiError } from './api';

/** What went wrong, in the engine's words when it gave any, and what the operator can do. */
export function describeError(error: unknown, doing: string): string {
  if (error instanceof ApiError) {
    const advice: Record<number, string> = {
      400: 'The request was malformed; reload the console.',
      401: 'The engine does not know who you are: open the console through the gateway that sets the identity headers, or sign in again.',
      403: 'Your roles do not allow this; ask an admin, or sign in as a user who may.',
      404: 'It may have been deleted, or belong to a project you cannot see. Go back to the volume list.',
      503: 'The engine is not ready (its event store or Redis may be down); the console retries when the live stream reconnects.',
    };
    return `Could not ${doing}: ${error.message} ${advice[error.status] ?? 'Check the engine’s log; the console retries when the live stream reconnects.'}`;
  }
  const reason = error instanceof Error ? error.message : String(error);
  return `Could not ${doing}: the engine did not answer (${reason}). Check that it is running; the console retries when the live stream reconnects.`;
}
