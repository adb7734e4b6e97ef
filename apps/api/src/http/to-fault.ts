import { HttpException } from '@nestjs/common';
import {
  badRequest,
  CinderFault,
  conflict,
  forbiddenByPolicy,
  internalError,
  invalidInput,
  invalidVolume,
  resourceNotFound,
} from '@app/cinder-api';
import { VolumeError } from '@app/domain';
import { PolicyDenied } from '@app/policy';
import { ConcurrencyConflictError } from '@app/volume-commands';

/** Cinder's fault for anything a request can throw; null means "not ours: a 500". */
export function toFault(error: unknown): CinderFault | null {
  if (error instanceof CinderFault) return error;
  if (error instanceof VolumeError) return volumeErrorFault(error);
  if (error instanceof PolicyDenied) return forbiddenByPolicy(error.rule);
  if (error instanceof ConcurrencyConflictError) {
    return conflict(`${error.message} Retry the request.`);
  }
  if (error instanceof HttpException) {
    const status = error.getStatus();
    if (status === 404) return resourceNotFound();
    if (status === 405) return new CinderFault(405, 'The method specified is not allowed for this resource.');
    if (status < 500) return new CinderFault(status, error.message);
  }
  return null;
}

/** Each kind of domain refusal as the Cinder exception it stands for (see volume-errors.ts). */
function volumeErrorFault(error: VolumeError): CinderFault {
  switch (error.kind) {
    case 'invalid_input':
      return invalidInput(error.reason);
    case 'invalid_volume':
      return invalidVolume(error.reason);
    case 'invalid_snapshot':
      return badRequest(`Invalid snapshot: ${error.reason}`);
    case 'invalid_host':
      return badRequest(`Invalid host: ${error.reason}`);
    case 'bad_request':
      return badRequest(error.reason);
    case 'volume_not_found':
    case 'not_found':
      return new CinderFault(404, error.reason);
    case 'conflict':
      return conflict(error.reason);
    default: {
      const unexpected: never = error.kind;
      throw new Error(`Unmapped volume error kind ${String(unexpected)}`);
    }
  }
}

export { internalError };
