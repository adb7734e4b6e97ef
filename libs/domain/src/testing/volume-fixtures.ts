import type { VolumeCreateRequested } from '../actions/create';
import type { VolumeEvent } from '../volume-events';
import type { AttachStatus, VolumeStatus } from '../volume-status';

/** Histories for the decider specifications: a volume brought into the state a test needs. */

export const VOLUME_ID = '3a81fdac-e8ae-4e61-b6a2-2e14ff316f19';
export const CREATE_OP = 'op-create';
export const HOST = 'engine@file#default';
export const NOW = '2026-11-27T12:00:00.000000';

export const createRequested = (overrides: Partial<VolumeCreateRequested['data']> = {}): VolumeCreateRequested => ({
  type: 'VolumeCreateRequested',
  data: {
    volume_id: VOLUME_ID,
    operation_id: CREATE_OP,
    project_id: 'p1',
    user_id: 'u1',
    size: 1,
    name: 'vol',
    description: null,
    availability_zone: 'nova',
    volume_type: null,
    metadata: {},
    multiattach: false,
    host: HOST,
    created_at: '2026-11-27T10:00:00.000000',
    ...overrides,
  },
});

export const volumeCreated: VolumeEvent = {
  type: 'VolumeCreated',
  data: { operation_id: CREATE_OP, host: HOST, provider_location: '/data/volume-1' },
};

/** An `available` volume (of the given creation data). */
export const available = (overrides: Partial<VolumeCreateRequested['data']> = {}): VolumeEvent[] => [
  createRequested(overrides),
  volumeCreated,
];

/** An admin's os-reset_status: the quickest way into any of Cinder's 22 resettable statuses. */
export const statusReset = (
  status: VolumeStatus,
  {
    attach_status = 'detached',
    migration_status = null,
  }: { attach_status?: AttachStatus; migration_status?: string | null } = {},
): VolumeEvent => ({
  type: 'VolumeStatusReset',
  data: { status, attach_status, migration_status, attachments_removed: false },
});

/** A volume created, then reset to `status`. */
export const inStatus = (status: VolumeStatus, options?: Parameters<typeof statusReset>[1]): VolumeEvent[] => [
  ...available(),
  statusReset(status, options),
];

export const attached = (
  attachment_id: string,
  {
    instance_uuid = `server-${attachment_id}` as string | null,
    attached_host = null as string | null,
    mode = 'rw' as 'rw' | 'ro',
  } = {},
): VolumeEvent => ({
  type: 'VolumeAttached',
  data: {
    attachment_id,
    instance_uuid,
    attached_host,
    mountpoint: '/dev/vdb',
    attach_mode: mode,
    attached_at: NOW,
    readonly: 'False',
    status: 'in-use',
    attach_status: 'attached',
  },
});

/** A snapshot requested and, unless `created` is false, created by the backend. */
export const snapshotTaken = (
  snapshot_id: string,
  { created_at = '2026-11-27T11:00:00.000000', volume_size = 1, created = true } = {},
): VolumeEvent[] => [
  {
    type: 'SnapshotCreateRequested',
    data: { snapshot_id, operation_id: `op-${snapshot_id}`, name: null, description: null, volume_size, created_at },
  },
  ...(created ? [{ type: 'SnapshotCreated' as const, data: { snapshot_id, operation_id: `op-${snapshot_id}` } }] : []),
];

/** The facts a detach-like command carries when an ordinary user asks and no server objects. */
export const NO_COMPUTE_OBJECTION = { caller_is_service: false, attachments_in_use_by_compute: [] as string[] };
