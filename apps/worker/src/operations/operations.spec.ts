import type { JobControl } from '@app/job-queue';
import type { ImageRecord } from '@app/image-service';
import { progressBetween } from './backend-operation';
import { glanceMetadata } from './reimage-volume.operation';
import { snapshotPending } from './snapshot-operations';

describe('progressBetween', () => {
  it('maps a stage\'s 0–100 onto its share of the job, reporting each whole percent once', async () => {
    const reported: number[] = [];
    const control = { reportProgress: async (p: number) => void reported.push(p) } as unknown as JobControl;
    const stage = progressBetween(control, 30, 90);
    for (const p of [0, 1, 50, 50, 100, 120]) await stage(p);
    expect(reported).toEqual([30, 60, 90]);
  });
});

describe('glanceMetadata', () => {
  it('copies what Cinder copies from an image, as strings, with its properties', () => {
    const image: ImageRecord = {
      id: 'i1', name: 'debian', status: 'active', disk_format: 'qcow2', container_format: 'bare', size: 1024, min_disk: 2,
      min_ram: 512, visibility: 'public', protected: false, checksum: 'abc', created_at: 'x', updated_at: 'y',
      properties: { os_distro: 'debian', hw_disk_bus: 'scsi' },
    };
    expect(glanceMetadata(image)).toEqual({
      image_id: 'i1', image_name: 'debian', checksum: 'abc', container_format: 'bare', disk_format: 'qcow2', min_disk: '2',
      min_ram: '512', size: '1024', os_distro: 'debian', hw_disk_bus: 'scsi',
    });
  });
});

describe('snapshotPending', () => {
  const state = (status: string, operation_id: string | null) =>
    ({ exists: true, deleted: false, snapshots: [{ id: 's1', status, operation_id }] }) as never;
  const job = { name: 'create_snapshot', id: 'j', data: { volume_id: 'v', operation_id: 'op', event_id: 'e', snapshot_id: 's1' } } as const;

  it('holds while the snapshot waits on this very operation in the expected status', () => {
    expect(snapshotPending(state('creating', 'op'), job, 'creating')).toBe(true);
    expect(snapshotPending(state('creating', 'other'), job, 'creating')).toBe(false);
    expect(snapshotPending(state('available', null), job, 'creating')).toBe(false);
    expect(snapshotPending({ exists: false }, job, 'creating')).toBe(false);
  });
});
