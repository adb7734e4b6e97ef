/** One backend operation for a worker to carry out, started by the `...Requested` event it names. */
export interface BackendJob {
  name: 'create_volume' | 'extend_volume';
  /** Derived from the requesting event's id, so enqueueing the same event twice makes one job. */
  id: string;
  data: { volume_id: string; operation_id: string; event_id: string };
}

export interface JobControl {
  /** 1-based: the first run is attempt 1. */
  attempt: number;
  maxAttempts: number;
  reportProgress(percent: number): Promise<void>;
}

export type BackendJobProcessor = (job: BackendJob, control: JobControl) => Promise<string>;

export interface BackendJobQueue {
  enqueue(job: BackendJob): Promise<void>;
  close(): Promise<void>;
}

export interface BackendJobRunner {
  start(processor: BackendJobProcessor): Promise<void>;
  close(): Promise<void>;
}

export const BACKEND_JOB_QUEUE = Symbol('BackendJobQueue');
export const BACKEND_JOB_RUNNER = Symbol('BackendJobRunner');
