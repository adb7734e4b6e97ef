/**
 * Why a command was refused, in Cinder's exception classes. The HTTP layer turns each kind into
 * Cinder's status code and message:
 *
 * | kind               | HTTP | message                                   | Cinder's exception              |
 * |--------------------|------|-------------------------------------------|---------------------------------|
 * | `invalid_input`    | 400  | `Invalid input received: <reason>`        | InvalidInput                    |
 * | `invalid_volume`   | 400  | `Invalid volume: <reason>`                | InvalidVolume                   |
 * | `invalid_snapshot` | 400  | `Invalid snapshot: <reason>`              | InvalidSnapshot                 |
 * | `invalid_host`     | 400  | `Invalid host: <reason>`                  | InvalidHost                     |
 * | `bad_request`      | 400  | `<reason>` as it is                       | webob HTTPBadRequest, Invalid   |
 * | `volume_not_found` | 404  | `<reason>` as it is                       | VolumeNotFound                  |
 * | `not_found`        | 404  | `<reason>` as it is                       | other NotFound, HTTPNotFound    |
 * | `conflict`         | 409  | `<reason>` as it is                       | HTTPConflict, safe 409s         |
 */
export type VolumeErrorKind =
  | 'invalid_input'
  | 'invalid_volume'
  | 'invalid_snapshot'
  | 'invalid_host'
  | 'bad_request'
  | 'volume_not_found'
  | 'not_found'
  | 'conflict';

export class VolumeError extends Error {
  override readonly name = 'VolumeError';
  constructor(
    readonly kind: VolumeErrorKind,
    /** The reason as Cinder words it, without the prefix the exception class adds. */
    readonly reason: string,
  ) {
    super(reason);
  }
}

export const invalidInput = (reason: string) => new VolumeError('invalid_input', reason);
export const invalidVolume = (reason: string) => new VolumeError('invalid_volume', reason);
export const invalidSnapshot = (reason: string) => new VolumeError('invalid_snapshot', reason);
export const invalidHost = (reason: string) => new VolumeError('invalid_host', reason);
export const badRequest = (message: string) => new VolumeError('bad_request', message);
export const volumeNotFound = (volumeId: string) =>
  new VolumeError('volume_not_found', `Volume ${volumeId} could not be found.`);
export const notFound = (message: string) => new VolumeError('not_found', message);
export const conflict = (reason: string) => new VolumeError('conflict', reason);
