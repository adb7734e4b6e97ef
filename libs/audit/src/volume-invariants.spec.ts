import { fold, type ExistingVolume, type VolumeEvent } from '@app/domain';
import type { RecordedEvent } from '@app/event-store';
import { createRequested, created, extendRequested } from './testing/stored-volume-events';
import { metadataBreaches, stateBreaches, transitionBreaches } from './volume-invariants';

const volume = (...events: VolumeEvent[]) => fold(events) as ExistingVolume;
const available = () => volume(createRequested('v1'), created('v1'));

const withMetadata = (metadata: Record<string, unknown>): RecordedEvent => ({
  id: 'e', streamId: 'volume-v1', revision: 0, position: 1n, recordedAt: 'x', type: 'VolumeCreated', data: {}, metadata,
});
const complete = {
  schema_version: 1, request_id: 'req-1', correlation_id: 'corr-1', causation_id: null, microversion: null,
  timestamp: '2026-11-27T10:00:00.000Z', actor: { user_id: 'u', project_id: 'p', roles: [], is_admin: false, service: false },
};

describe('volume invariants', () => {
  describe('metadata', () => {
    it('accepts complete metadata, with null causation and microversion', () => {
      expect(metadataBreaches(withMetadata(complete))).toEqual([]);
    });

    it('names every missing or malformed field', () => {
      const partial: Record<string, unknown> = { ...complete, timestamp: 'soon', actor: { user_id: 'u' } };
      delete partial.request_id;
      delete partial.causation_id;
      const [breach] = metadataBreaches(withMetadata(partial));
      expect(breach.rule).toBe('metadata_complete');
      expect(breach.message).toBe(
        'missing or malformed metadata: request_id, causation_id, timestamp, actor.project_id, actor.roles, actor.is_admin, actor.service',
      );
    });
  });

  describe('between consecutive states', () => {
    it('refuses a shrinking size', () => {
      const before = available();
      expect(transitionBreaches(before, { ...before, size: before.size + 1 })).toEqual([]);
      expect(transitionBreaches({ ...before, size: 5 }, { ...before, size: 4 })).toEqual([
        { rule: 'size_never_shrinks', message: 'size shrank from 5 to 4' },
      ]);
    });
  });

  describe('of the current state', () => {
    it('accepts a volume in a job-driven status with its operation under way', () => {
      expect(stateBreaches(volume(createRequested('v1'), created('v1'), extendRequested('e', 2)))).toEqual([]);
      expect(stateBreaches(volume(createRequested('v1')))).toEqual([]);
    });

    it('reports a job-driven status that no operation will move on', () => {
      expect(stateBreaches({ ...available(), status: 'extending' }).map((b) => b.rule)).toEqual([
        'transitional_status_has_pending_operation',
      ]);
    });

    it('takes a migration as the operation a volume in maintenance waits on', () => {
      const migrating = { ...available(), status: 'maintenance' as const, migration: { operation_id: 'm', host: 'h@b#p', cluster_name: null } };
      expect(stateBreaches(migrating)).toEqual([]);
      expect(stateBreaches({ ...migrating, migration: null })).toHaveLength(1);
    });

    it('accepts an extend waiting for compute to complete it', () => {
      const deferred = { ...available(), status: 'extending' as const, admin_metadata: { extend_new_size: '2', extend_reservations: '[]' } };
      expect(stateBreaches(deferred)).toEqual([]);
    });

    it('needs attach_status attached exactly when an attachment is attached', () => {
      const attachment = { id: 'a', attach_status: 'attached', instance_uuid: 's', attached_host: null, mountpoint: '/dev/vdb', attach_mode: 'rw' as const, connection_info: null, attached_at: null };
      expect(stateBreaches({ ...available(), status: 'in-use', attach_status: 'attached', attachments: [attachment] })).toEqual([]);
      expect(stateBreaches({ ...available(), attach_status: 'attached' })[0]).toEqual({
        rule: 'attach_status_matches_attachments',
        message: 'attach_status is attached but 0 of 0 attachments are attached',
      });
      expect(stateBreaches({ ...available(), attachments: [attachment] })).toHaveLength(1);
    });

    it('ignores a deleted volume, which keeps the status it was deleted in', () => {
      expect(stateBreaches({ ...available(), status: 'deleting', deleted: true })).toEqual([]);
    });
  });
});
