/**
 * Cinder's error envelope (`cinder/api/openstack/wsgi.py`, class `Fault`): a single key naming
 * the fault, holding `code` and `message`. Clients (python-cinderclient, tempest) parse this shape.
 */

// Fault._fault_names; every other status (406, 500, ...) is reported as computeFault.
const FAULT_KEYS: Readonly<Record<number, string>> = {
  400: 'badRequest',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'itemNotFound',
  405: 'badMethod',
  409: 'conflictingRequest',
  413: 'overLimit',
  415: 'badMediaType',
  501: 'notImplemented',
  503: 'serviceUnavailable',
};

/** WebOb's default explanations, which Cinder shows when it has no message of its own. */
export const GENERIC_BAD_REQUEST =
  'The server could not comply with the request since it is either malformed or otherwise incorrect.';
export const GENERIC_NOT_FOUND = 'The resource could not be found.';
export const GENERIC_SERVER_ERROR =
  'The server has either erred or is incapable of performing the requested operation.';

export class CinderFault extends Error {
  readonly key: string;

  constructor(
    readonly status: number,
    message: string,
    /** Response headers that belong to this fault (e.g. `Retry-After`, the echoed microversion). */
    readonly headers: Readonly<Record<string, string>> = {},
    /** Fields added to the envelope after `code` and `message` (e.g. `retryAfter`). */
    readonly extra: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
    this.name = 'CinderFault';
    this.key = FAULT_KEYS[status] ?? 'computeFault';
  }

  toBody(): Record<string, Record<string, unknown>> {
    return { [this.key]: { code: this.status, message: this.message, ...this.extra } };
  }
}

export const badRequest = (message: string = GENERIC_BAD_REQUEST): CinderFault =>
  new CinderFault(400, message);

/** `exception.InvalidInput`. */
export const invalidInput = (reason: string): CinderFault =>
  badRequest(`Invalid input received: ${reason}`);

/** `exception.InvalidVolume`. */
export const invalidVolume = (reason: string): CinderFault => badRequest(`Invalid volume: ${reason}`);

export const malformedRequestBody = (): CinderFault => badRequest('Malformed request body');

/** A `{project_id}` in the URL that is not the caller's project, even for admins. */
export const malformedRequestUrl = (): CinderFault => badRequest('Malformed request url');

export const unauthorized = (): CinderFault =>
  new CinderFault(401, 'The request you have made requires authentication.');

export const forbiddenByPolicy = (rule: string): CinderFault =>
  new CinderFault(403, `Policy doesn't allow ${rule} to be performed.`);

/** `exception.VolumeNotFound`; also what a caller sees for another project's volume. */
export const volumeNotFound = (id: string): CinderFault =>
  new CinderFault(404, `Volume ${id} could not be found.`);

export const resourceNotFound = (): CinderFault => new CinderFault(404, GENERIC_NOT_FOUND);

export const conflict = (message: string): CinderFault => new CinderFault(409, message);

/** Quota faults carry a zero retry hint both in the body and as a header. */
export const overLimit = (message: string): CinderFault =>
  new CinderFault(413, message, { 'Retry-After': '0' }, { retryAfter: '0' });

export const unsupportedContentType = (): CinderFault => new CinderFault(415, 'Unsupported Content-Type');

export const internalError = (): CinderFault => new CinderFault(500, GENERIC_SERVER_ERROR);
