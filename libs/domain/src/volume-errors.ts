/**
 * Why a command was refused, in Cinder's exception classes. The HTTP layer turns each kind into
 * Cinder's status code and message prefix (InvalidInput → 400 "Invalid input received: ...",
 * InvalidVolume → 400 "Invalid volume: ...", VolumeNotFound → 404, ...).
 */
export type VolumeErrorKind = 'invalid_input' | 'invalid_volume' | 'volume_not_found' | 'conflict';

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
export const volumeNotFound = (volumeId: string) =>
  new VolumeError('volume_not_found', `Volume ${volumeId} could not be found.`);
export const conflict = (reason: string) => new VolumeError('conflict', reason);
