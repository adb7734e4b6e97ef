import { VOLUME_EVENT_TYPES } from '@app/domain';
import type { RecordedEvent } from '@app/event-store';
import { JOB_BY_EVENT } from '@app/job-queue';
import { jobForEvent } from './jobs-for-event';

const EVENT_ID = 'e7c4a3f0-0000-4000-8000-000000000001';
const event = (type: string, data: Record<string, unknown> = { operation_id: 'op-1', new_size: 3 }): RecordedEvent => ({
  id: EVENT_ID,
  type,
  streamId: 'volume-3a81fdac-e8ae-4e61-b6a2-2e14ff316f19',
  revision: 2,
  position: 7n,
  recordedAt: '2026-11-27T10:00:00.000Z',
  data,
  metadata: {},
});

describe('jobForEvent', () => {
  it('starts an extend job named after the requesting event', () => {
    expect(jobForEvent(event('VolumeExtendRequested'))).toEqual({
      name: 'extend_volume',
      id: `extend_volume-${EVENT_ID}`,
      data: { volume_id: '3a81fdac-e8ae-4e61-b6a2-2e14ff316f19', operation_id: 'op-1', event_id: EVENT_ID },
    });
  });

  it.each([
    ['VolumeCreateRequested', 'create_volume'],
    ['VolumeRevertRequested', 'revert_volume'],
    ['VolumeRetypeRequested', 'retype_volume'],
    ['VolumeMigrationRequested', 'migrate_volume'],
    ['VolumeUploadToImageRequested', 'upload_volume_to_image'],
    ['VolumeReimageRequested', 'reimage_volume'],
    ['VolumeUnmanageRequested', 'unmanage_volume'],
    ['VolumeDeleteRequested', 'delete_volume'],
    ['VolumeForceDeleteRequested', 'force_delete_volume'],
    ['SnapshotCreateRequested', 'create_snapshot'],
    ['SnapshotDeleteRequested', 'delete_snapshot'],
  ])('starts one job for %s: %s, its id derived from the event id', (type, name) => {
    expect(jobForEvent(event(type))).toMatchObject({ name, id: `${name}-${EVENT_ID}` });
  });

  it('starts a job for every ...Requested event of the domain, and for nothing else', () => {
    const requested = VOLUME_EVENT_TYPES.filter((type) => type.endsWith('Requested'));
    expect(Object.keys(JOB_BY_EVENT).sort()).toEqual(requested.sort());
    for (const type of VOLUME_EVENT_TYPES.filter((t) => !t.endsWith('Requested'))) expect(jobForEvent(event(type))).toBeNull();
  });

  it('waits on the compute service, not on a job, for an extend deferred to it', () => {
    expect(jobForEvent(event('VolumeExtendDeferredToCompute'))).toBeNull();
  });

  it('carries the snapshot of a snapshot job and the migration policy of a retype', () => {
    expect(jobForEvent(event('SnapshotCreateRequested', { operation_id: 'op', snapshot_id: 's-1' }))?.data).toMatchObject({ snapshot_id: 's-1' });
    expect(jobForEvent(event('SnapshotDeleteRequested', { operation_id: 'op', snapshot_id: 's-2' }))?.data).toMatchObject({ snapshot_id: 's-2' });
    expect(jobForEvent(event('VolumeRetypeRequested', { operation_id: 'op', migration_policy: 'on-demand' }))?.data).toMatchObject({
      migration_policy: 'on-demand',
    });
    expect(jobForEvent(event('VolumeRetypeRequested', { operation_id: 'op', migration_policy: null }))?.data.migration_policy).toBeNull();
  });
});
