import { UnrecoverableError } from '@app/job-queue';
import { ImageServiceError } from '@app/image-service';
import { BackendError } from '@app/storage-backend';

/**
 * A failure retrying cannot fix: the backend refused (BackendError), the image service refused for
 * good, or a step said so (UnrecoverableError). Anything else (Redis, the event store or Glance
 * briefly away, an I/O error) is retried with backoff before it is recorded.
 */
export const isPermanentFailure = (error: unknown): boolean =>
  error instanceof BackendError ||
  error instanceof UnrecoverableError ||
  (error instanceof ImageServiceError && error.permanent);

export const reasonOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));
