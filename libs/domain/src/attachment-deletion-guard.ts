import { conflict } from './volume-errors';
import type { Attachment, ExistingVolume } from './volume-state';

/**
 * What the handler learns before a detach, force-detach, terminate-connection or swap
 * (bug #2004555): who is asking, and which attachments a server still uses.
 */
export interface AttachmentDeletionFacts {
  /** The request carries a valid service token with a service role. */
  caller_is_service: boolean;
  /**
   * Ids, among `attachmentsToCheckWithCompute(volume)`, of the attachments the compute service
   * reports a server still using (its attachment id for that server and volume is this one).
   */
  attachments_in_use_by_compute: string[];
}

/** The attachments whose use the handler must ask the compute service about. */
export const attachmentsToCheckWithCompute = (volume: ExistingVolume): Attachment[] =>
  volume.attachments.filter((attachment) => attachment.instance_uuid !== null && attachment.connection_info !== null);

/**
 * cinder.volume.api.attachment_deletion_allowed: a user must not tear down an attachment a server
 * still uses, or one it cannot name unambiguously. Without an id the volume's only attachment is
 * meant; with several, or with an id this volume does not have, the attachment is unknown.
 * ("Mismatched volume and attachment", for an id of another volume, needs a lookup across
 * volumes: the handler answers it.)
 */
export function assertAttachmentDeletionAllowed(
  volume: ExistingVolume,
  attachmentId: string | null,
  facts: AttachmentDeletionFacts,
): void {
  if (facts.caller_is_service) return;
  if (attachmentId === null && volume.attachments.length === 0) return;
  const attachment =
    attachmentId === null
      ? volume.attachments.length === 1
        ? volume.attachments[0]
        : undefined
      : volume.attachments.find((candidate) => candidate.id === attachmentId);
  if (!attachment) throw usingAttachment('');
  if (attachment.instance_uuid === null || attachment.connection_info === null) return;
  if (facts.attachments_in_use_by_compute.includes(attachment.id)) throw usingAttachment(attachment.instance_uuid);
}

// A "safe" exception: the fault middleware shows its class name before the message.
const usingAttachment = (instanceUuid: string) =>
  conflict(`ConflictNovaUsingAttachment: Detach volume from instance ${instanceUuid} using the Compute API`);
