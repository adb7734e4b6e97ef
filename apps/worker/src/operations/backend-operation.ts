import type { ExistingVolume, VolumeCommand, VolumeState } from '@app/domain';
import type { BackendJob, BackendJobName, JobControl } from '@app/job-queue';
import type { BackendVolume, ProgressListener } from '@app/storage-backend';
import type { CommandOutcome } from '@app/volume-commands';

/** One run of a job, as an operation sees it. */
export interface OperationRun {
  job: BackendJob;
  /** The volume as loaded just before the run, still waiting on this job's operation. */
  volume: ExistingVolume;
  control: JobControl;
}

/**
 * One kind of backend operation (create, extend, migrate, ...): which volumes still wait on it,
 * the backend work, and the commands that record how it ended. Cinder's failure semantics (the
 * statuses) are the domain's; an operation only picks complete or fail and says why.
 */
export interface BackendOperation {
  readonly jobs: readonly BackendJobName[];
  /** Whether the volume still waits on this job's operation; a job whose operation is done runs nothing. */
  isPending(state: VolumeState, job: BackendJob): state is ExistingVolume;
  /**
   * Does the backend work and answers the command that records it: a completion, or a failure
   * when the work is refused for a reason retrying cannot change (no valid backend, ...).
   * Throws when it fails; the processor decides whether that is retried or recorded.
   */
  run(run: OperationRun): Promise<VolumeCommand>;
  /** The command recording a failure, with a reason an operator can act on. */
  fail(job: BackendJob, volume: ExistingVolume, reason: string): VolumeCommand;
  /**
   * For the watchdog, when the job is gone: the completion, if the backend shows the work done;
   * null when the backend cannot tell (the job is then run again).
   */
  finishedOnBackend?(job: BackendJob, volume: ExistingVolume): Promise<VolumeCommand | null>;
  /** Best effort, before a failure is recorded (an image left half made is removed). */
  cleanUpAfterFailure?(job: BackendJob, volume: ExistingVolume): Promise<void>;
  /** After the result is recorded: what must follow it outside the engine (tell the compute service). */
  afterRecorded?(job: BackendJob, outcome: CommandOutcome): void;
}


/** Where the backend keeps the volume's data. */
export const placed = (volume: ExistingVolume): BackendVolume => ({ id: volume.id, host: volume.host ?? '' });

/** Cinder's scheduler message when no pool can take a volume. */
export const NO_VALID_BACKEND = 'No valid backend was found. No weighed backends available';

/**
 * Reports a stage of a job's progress: the stage's own 0–100 mapped onto `from`–`to` of the job,
 * stored only when it moves by a whole percent.
 */
export function progressBetween(control: JobControl, from: number, to: number): ProgressListener {
  let last = -1;
  return async (percent) => {
    const overall = Math.floor(from + ((to - from) * Math.min(100, Math.max(0, percent))) / 100);
    if (overall <= last) return;
    last = overall;
    await control.reportProgress(overall);
  };
}
