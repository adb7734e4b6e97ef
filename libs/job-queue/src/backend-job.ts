/** The backend operations a worker carries out, one job name each (force delete shares delete's work). */
export const BACKEND_JOB_NAMES = [
  'create_volume',
  'extend_volume',
  'revert_volume',
  'retype_volume',
  'migrate_volume',
  'upload_volume_to_image',
  'reimage_volume',
  'unmanage_volume',
  'delete_volume',
  'force_delete_volume',
  'create_snapshot',
  'delete_snapshot',
] as const;

export type BackendJobName = (typeof BACKEND_JOB_NAMES)[number];

/**
 * The one backend job each `...Requested` event starts (its id is `<name>-<event id>`), for the
 * reactor that starts it and the operations read model that follows it. Everything else
 * (completions, failures, synchronous actions, and `VolumeExtendDeferredToCompute`, which waits on
 * the compute service) starts none.
 */
export const JOB_BY_EVENT: Readonly<Record<string, BackendJobName>> = {
  VolumeCreateRequested: 'create_volume',
  VolumeExtendRequested: 'extend_volume',
  VolumeRevertRequested: 'revert_volume',
  VolumeRetypeRequested: 'retype_volume',
  VolumeMigrationRequested: 'migrate_volume',
  VolumeUploadToImageRequested: 'upload_volume_to_image',
  VolumeReimageRequested: 'reimage_volume',
  VolumeUnmanageRequested: 'unmanage_volume',
  VolumeDeleteRequested: 'delete_volume',
  VolumeForceDeleteRequested: 'force_delete_volume',
  SnapshotCreateRequested: 'create_snapshot',
  SnapshotDeleteRequested: 'delete_snapshot',
};

/** What a job needs beyond the volume's state, copied from the requesting event. */
export interface BackendJobData {
  volume_id: string;
  operation_id: string;
  /** The `...Requested` event that started the operation. */
  event_id: string;
  /** Snapshot jobs: the snapshot. */
  snapshot_id?: string;
  /** Retype: whether the volume may be migrated if the new type needs another backend. */
  migration_policy?: 'never' | 'on-demand' | null;
  /** The request that caused the job (its ids for the log lines) and the trace it continues. */
  origin?: { request_id?: string; correlation_id?: string; traceparent?: string; tracestate?: string };
}

/** One backend operation for a worker to carry out, started by the `...Requested` event it names. */
export interface BackendJob {
  name: BackendJobName;
  /** Derived from the requesting event's id, so enqueueing the same event twice makes one job. */
  id: string;
  data: BackendJobData;
}

/** Where a multi-step job got to, kept with the job so a retried run resumes there. */
export type JobCheckpoint = Record<string, string | number | boolean | null>;

export interface JobControl {
  /** 1-based: the first run is attempt 1. A run after a crash keeps the attempt it had. */
  attempt: number;
  maxAttempts: number;
  /** Best effort: a progress update that cannot be stored (Redis away) is logged, not thrown. */
  reportProgress(percent: number): Promise<void>;
  /** The last checkpoint saved by an earlier run of this job, if any. */
  checkpoint: JobCheckpoint | null;
  saveCheckpoint(checkpoint: JobCheckpoint): Promise<void>;
}

export type BackendJobProcessor = (job: BackendJob, control: JobControl) => Promise<string>;

/** What the queue knows of a job: null when it has no such job (never added, removed, or Redis lost it). */
export interface BackendJobStatus {
  state: 'waiting' | 'active' | 'delayed' | 'prioritized' | 'waiting-children' | 'completed' | 'failed' | 'unknown';
  failedReason: string | null;
  attemptsMade: number;
}

/** A job in one of these states will still run, or is running. */
export const LIVE_JOB_STATES: ReadonlySet<BackendJobStatus['state']> = new Set(['waiting', 'active', 'delayed', 'prioritized', 'waiting-children']);

export interface BackendJobQueue {
  /** Adds the job unless the queue already has one with its id (waiting, running or finished). */
  enqueue(job: BackendJob): Promise<void>;
  status(jobId: string): Promise<BackendJobStatus | null>;
  /** Adds the job again under its id, replacing a finished one the queue still keeps. */
  requeue(job: BackendJob): Promise<void>;
  close(): Promise<void>;
}

export interface BackendJobRunner {
  start(processor: BackendJobProcessor): Promise<void>;
  /** Running jobs get `graceMs` to finish (default: as long as they take); the rest are handed back. */
  close(graceMs?: number): Promise<void>;
}

export const BACKEND_JOB_QUEUE = Symbol('BackendJobQueue');
export const BACKEND_JOB_RUNNER = Symbol('BackendJobRunner');
