import type { Snapshot } from '@app/domain';
import type { RecordedEvent } from '@app/event-store';
import type { DocumentChange } from './document-changes';
import { READ_MODEL_KEYS as K, timeScore } from './read-model-keys';
import { cinderTime, projectVolume, type VolumeView } from './volume-view';
import { JOB_BY_EVENT } from '@app/job-queue';

/** A snapshot as the snapshot queries answer it: what its volume's view knows, plus who and when. */
export interface SnapshotDocument {
  id: string;
  volume_id: string;
  /** The volume's project: a snapshot is seen by whoever sees its volume. */
  project_id: string;
  /** Who asked for the snapshot. */
  user_id: string;
  name: string | null;
  description: string | null;
  status: Snapshot['status'];
  size: number;
  metadata: Record<string, string>;
  availability_zone: string;
  created_at: string;
  updated_at: string | null;
  /** Cinder's `progress`: `0%` until the backend made it, then `100%`. */
  progress: string;
  /** Revision of the volume's stream that last changed it. */
  revision: number;
}

export type OperationState = 'running' | 'succeeded' | 'failed' | 'cancelled';

/** A backend operation: requested by a `...Requested` event, ended by a completion or failure. */
export interface OperationDocument {
  id: string;
  volume_id: string;
  project_id: string;
  /** The backend job's name: `extend_volume`, `create_snapshot`, ... */
  type: string;
  snapshot_id: string | null;
  state: OperationState;
  /** The BullMQ job carrying it out, or null for an operation that starts none. */
  job_id: string | null;
  requested_at: string;
  requested_by: string | null;
  request_id: string | null;
  finished_at: string | null;
  /** The failure's reason, or what cancelled it (e.g. an os-reset_status). */
  error: string | null;
  revision: number;
}

const TYPE_BY_PENDING_KIND: Readonly<Record<string, string>> = {
  create: 'create_volume',
  extend: 'extend_volume',
  revert: 'revert_volume',
  retype: 'retype_volume',
  upload: 'upload_volume_to_image',
  reimage: 'reimage_volume',
  unmanage: 'unmanage_volume',
  delete: 'delete_volume',
};

/**
 * The documents one event changes beside its volume's view. Pure: the view before and after the
 * event say everything, because the domain state already names every snapshot and every backend
 * operation in flight (`pending`, `migration`, each snapshot's `operation_id`).
 */
export function deriveDocuments(previous: VolumeView | null, next: VolumeView, event: RecordedEvent): DocumentChange[] {
  return [...volumeIndexChanges(previous, next), ...snapshotChanges(previous, next, event), ...operationChanges(previous, next, event)];
}

function volumeIndexChanges(previous: VolumeView | null, next: VolumeView): DocumentChange[] {
  const keys = [K.allVolumes, K.volumesOfProject(next.project_id)];
  if (!previous && !next.deleted) {
    const score = timeScore(next.created_at);
    return keys.map((key) => ({ op: 'index', key, member: next.id, score }));
  }
  if (previous && !previous.deleted && next.deleted) return keys.map((key) => ({ op: 'unindex', key, member: next.id }));
  return [];
}

/** A deleted volume's snapshots went with it, whatever their last status. */
const liveSnapshots = (view: VolumeView | null) => new Map((view && !view.deleted ? view.snapshots : []).map((s) => [s.id, s]));

function snapshotChanges(previous: VolumeView | null, next: VolumeView, event: RecordedEvent): DocumentChange[] {
  // evolve keeps what an event does not touch: most events leave the snapshots as they were.
  if (previous && previous.snapshots === next.snapshots && previous.deleted === next.deleted) return [];
  if (!previous && next.snapshots.length === 0) return [];
  const before = liveSnapshots(previous);
  const after = liveSnapshots(next);
  const at = cinderTime(event.recordedAt);
  const changes: DocumentChange[] = [];
  const indexes = [K.allSnapshots, K.snapshotsOfProject(next.project_id)];
  for (const [id, snapshot] of after) {
    const earlier = before.get(id);
    if (!earlier) {
      const document: SnapshotDocument = {
        id,
        volume_id: next.id,
        project_id: next.project_id,
        user_id: actorOf(event)?.user_id ?? next.user_id,
        name: snapshot.name,
        description: snapshot.description,
        status: snapshot.status,
        size: snapshot.volume_size,
        metadata: requestedMetadata(event),
        availability_zone: next.availability_zone,
        created_at: snapshot.created_at,
        updated_at: null,
        progress: snapshot.status === 'available' ? '100%' : '0%',
        revision: next.revision,
      };
      changes.push({ op: 'create', key: K.snapshot(id), document: { ...document } });
      const score = timeScore(snapshot.created_at);
      changes.push(...indexes.map((key): DocumentChange => ({ op: 'index', key, member: id, score })));
    } else if (earlier.status !== snapshot.status || earlier.name !== snapshot.name || earlier.description !== snapshot.description) {
      const fields: Partial<SnapshotDocument> = {
        status: snapshot.status,
        name: snapshot.name,
        description: snapshot.description,
        updated_at: at,
        revision: next.revision,
      };
      if (snapshot.status === 'available' && earlier.status === 'creating') fields.progress = '100%';
      changes.push({ op: 'set', key: K.snapshot(id), fields });
    }
  }
  for (const id of before.keys()) {
    if (after.has(id)) continue;
    changes.push({ op: 'delete', key: K.snapshot(id) });
    changes.push(...indexes.map((key): DocumentChange => ({ op: 'unindex', key, member: id })));
  }
  return changes;
}

interface InFlight {
  type: string;
  snapshot_id: string | null;
}

/** Every backend operation the volume waits on. A deleted volume waits on nothing. */
function inFlight(view: VolumeView | null): Map<string, InFlight> {
  const operations = new Map<string, InFlight>();
  if (!view || view.deleted) return operations;
  if (view.pending) operations.set(view.pending.operation_id, { type: TYPE_BY_PENDING_KIND[view.pending.kind] ?? view.pending.kind, snapshot_id: view.pending.snapshot_id ?? null });
  if (view.migration && !operations.has(view.migration.operation_id)) {
    operations.set(view.migration.operation_id, { type: 'migrate_volume', snapshot_id: null });
  }
  for (const snapshot of view.snapshots) {
    if (!snapshot.operation_id || operations.has(snapshot.operation_id)) continue;
    const type = snapshot.status === 'creating' ? 'create_snapshot' : snapshot.status === 'deleting' ? 'delete_snapshot' : 'snapshot';
    operations.set(snapshot.operation_id, { type, snapshot_id: snapshot.id });
  }
  return operations;
}

function operationChanges(previous: VolumeView | null, next: VolumeView, event: RecordedEvent): DocumentChange[] {
  if (
    previous &&
    previous.pending === next.pending &&
    previous.migration === next.migration &&
    previous.snapshots === next.snapshots &&
    previous.deleted === next.deleted
  ) {
    return [];
  }
  const before = inFlight(previous);
  const after = inFlight(next);
  const at = cinderTime(event.recordedAt);
  const changes: DocumentChange[] = [];
  for (const [id, operation] of after) {
    if (before.has(id)) continue;
    const jobName = JOB_BY_EVENT[event.type];
    const document: OperationDocument = {
      id,
      volume_id: next.id,
      project_id: next.project_id,
      type: jobName ?? operation.type,
      snapshot_id: operation.snapshot_id,
      state: 'running',
      job_id: jobName ? `${jobName}-${event.id}` : null,
      requested_at: at,
      requested_by: actorOf(event)?.user_id ?? null,
      request_id: typeof event.metadata.request_id === 'string' ? event.metadata.request_id : null,
      finished_at: null,
      error: null,
      revision: next.revision,
    };
    changes.push({ op: 'create', key: K.operation(id), document: { ...document } });
    const score = timeScore(at);
    for (const key of [K.allOperations, K.operationsOfProject(next.project_id), K.operationsOfVolume(next.id)]) {
      changes.push({ op: 'index', key, member: id, score });
    }
  }
  for (const id of before.keys()) {
    if (after.has(id)) continue;
    changes.push({ op: 'set', key: K.operation(id), fields: { ...ending(id, event), finished_at: at, revision: next.revision } });
  }
  return changes;
}

/** How an event ends an operation: its own completion or failure, or anything else that cut it short. */
function ending(operationId: string, event: RecordedEvent): Pick<OperationDocument, 'state' | 'error'> {
  if (event.data.operation_id !== operationId) return { state: 'cancelled', error: `Cancelled by ${event.type}` };
  if (event.type.endsWith('Failed')) {
    return { state: 'failed', error: typeof event.data.reason === 'string' ? event.data.reason : null };
  }
  return { state: 'succeeded', error: null };
}

function actorOf(event: RecordedEvent): { user_id: string; project_id: string } | null {
  const actor = event.metadata.actor as { user_id?: unknown; project_id?: unknown } | undefined;
  return typeof actor?.user_id === 'string' && typeof actor.project_id === 'string'
    ? { user_id: actor.user_id, project_id: actor.project_id }
    : null;
}

/** Snapshot metadata, should the create event ever carry it (the domain keeps none yet). */
function requestedMetadata(event: RecordedEvent): Record<string, string> {
  const metadata = event.type === 'SnapshotCreateRequested' ? event.data.metadata : undefined;
  return metadata && typeof metadata === 'object' && !Array.isArray(metadata) ? (metadata as Record<string, string>) : {};
}

/** The changes of a whole stream, in order: what a repair stores, and a fold's documents. */
export function streamDocuments(events: readonly RecordedEvent[]): { view: VolumeView | null; changes: DocumentChange[] } {
  let view: VolumeView | null = null;
  const changes: DocumentChange[] = [];
  for (const event of events) {
    const next = projectVolume(view, event);
    if (next && next !== view) changes.push(...deriveDocuments(view, next, event));
    view = next;
  }
  return { view, changes };
}
