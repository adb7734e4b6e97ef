import { assertAttachmentDeletionAllowed, attachmentsToCheckWithCompute } from './attachment-deletion-guard';
import { attached, available } from './testing/volume-fixtures';
import { VolumeError } from './volume-errors';
import { fold, type Attachment, type ExistingVolume } from './volume-state';

// Attachments with connection info come from Cinder's attachments API, which no command here
// creates yet; the volume is built by hand to cover the compute-service branch.
const volumeWith = (...attachments: Partial<Attachment>[]): ExistingVolume => {
  const base = fold([...available(), attached('template')]) as ExistingVolume;
  return { ...base, attachments: attachments.map((a) => ({ ...base.attachments[0], ...a })) };
};
const user = (inUse: string[] = []) => ({ caller_is_service: false, attachments_in_use_by_compute: inUse });
const refusal = (run: () => void) => {
  try {
    run();
  } catch (error) {
    return { kind: (error as VolumeError).kind, reason: (error as VolumeError).reason };
  }
  return 'allowed';
};

describe('the bug #2004555 guard', () => {
  const nova = { id: 'a1', instance_uuid: 'srv-1', connection_info: { driver_volume_type: 'iscsi' } };

  it('refuses a user tearing down an attachment a server still uses, naming the server', () => {
    expect(refusal(() => assertAttachmentDeletionAllowed(volumeWith(nova), 'a1', user(['a1'])))).toEqual({
      kind: 'conflict',
      reason: 'ConflictNovaUsingAttachment: Detach volume from instance srv-1 using the Compute API',
    });
  });

  it('means the only attachment when none is named', () => {
    expect(refusal(() => assertAttachmentDeletionAllowed(volumeWith(nova), null, user(['a1'])))).not.toBe('allowed');
  });

  it('allows it once the compute service no longer uses the attachment', () => {
    expect(refusal(() => assertAttachmentDeletionAllowed(volumeWith(nova), 'a1', user([])))).toBe('allowed');
  });

  it('always allows a service', () => {
    const service = { caller_is_service: true, attachments_in_use_by_compute: ['a1'] };
    expect(refusal(() => assertAttachmentDeletionAllowed(volumeWith(nova), 'a1', service))).toBe('allowed');
    expect(refusal(() => assertAttachmentDeletionAllowed(volumeWith(nova, { ...nova, id: 'a2' }), null, service))).toBe('allowed');
  });

  it('allows a legacy attachment without connection info, or one without a server', () => {
    expect(refusal(() => assertAttachmentDeletionAllowed(volumeWith({ ...nova, connection_info: null }), 'a1', user(['a1'])))).toBe('allowed');
    expect(refusal(() => assertAttachmentDeletionAllowed(volumeWith({ ...nova, instance_uuid: null }), 'a1', user(['a1'])))).toBe('allowed');
  });

  it('allows a volume without attachments when none is named', () => {
    expect(refusal(() => assertAttachmentDeletionAllowed(volumeWith(), null, user()))).toBe('allowed');
  });

  it('refuses, with an empty server id, an attachment it cannot tell', () => {
    const unknown = { kind: 'conflict', reason: 'ConflictNovaUsingAttachment: Detach volume from instance  using the Compute API' };
    expect(refusal(() => assertAttachmentDeletionAllowed(volumeWith(nova, { ...nova, id: 'a2' }), null, user()))).toEqual(unknown);
    expect(refusal(() => assertAttachmentDeletionAllowed(volumeWith(nova), 'zzz', user()))).toEqual(unknown);
  });

  it('names the attachments the handler must ask the compute service about', () => {
    const legacy = { id: 'a2', instance_uuid: 'srv-2', connection_info: null };
    expect(attachmentsToCheckWithCompute(volumeWith(nova, legacy)).map((a) => a.id)).toEqual(['a1']);
  });
});
