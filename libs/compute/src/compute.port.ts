/**
 * What the engine asks of the compute service (Nova). Cinder asks Nova whether an attachment is
 * still in use before a user may tear it down (bug #2004555), and tells Nova when an attached
 * volume grew (`volume-extended`).
 */
export interface ComputeService {
  /**
   * Nova's view of a server's attachment of a volume: its Cinder attachment id (null when Nova
   * does not say), or null when Nova knows no such server or attachment.
   */
  serverVolumeAttachment(serverId: string, volumeId: string): Promise<{ attachment_id: string | null } | null>;
  /** Nova's `volume-extended` external event for a server with the volume attached. */
  notifyVolumeExtended(serverId: string, volumeId: string): Promise<void>;
}

/** Nova could not be asked (unreachable, or it answered an error): the request cannot be decided. */
export class ComputeUnavailableError extends Error {
  override readonly name = 'ComputeUnavailableError';
}

export const COMPUTE_SERVICE = Symbol('ComputeService');
