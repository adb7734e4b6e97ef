import { Injectable, Logger } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { VolumeCommand } from '@app/domain';
import type { BackendJob, JobControl } from '@app/job-queue';
import {
  deterministicUuid,
  ENGINE_ACTOR,
  ExecuteVolumeCommand,
  VolumeCommandExecutor,
  type CommandContext,
} from '@app/volume-commands';
import { BackendOperations } from './operations/backend-operations';
import { isPermanentFailure, reasonOf } from './operations/failures';

/**
 * Carries out one backend operation and records how it ended. Every job may run twice (a retry,
 * a worker killed mid-job, a Redis that lost the job's record): it first checks the operation is
 * still pending, the backend calls are idempotent, and its event ids derive from the job id, so a
 * second run cannot append twice. A permanent failure is recorded at once; any other is retried
 * with backoff and recorded when the attempts run out.
 */
@Injectable()
export class VolumeOperationsProcessor {
  private readonly logger = new Logger(VolumeOperationsProcessor.name);

  constructor(
    private readonly executor: VolumeCommandExecutor,
    private readonly commandBus: CommandBus,
    private readonly operations: BackendOperations,
  ) {}

  async process(job: BackendJob, control: JobControl): Promise<string> {
    const operation = this.operations.for(job.name);
    const { state } = await this.executor.load(job.data.volume_id);
    if (!operation.isPending(state, job)) return 'skipped: the operation is no longer pending';
    this.logger.log(`Running ${job.id} for volume ${job.data.volume_id} (attempt ${control.attempt} of ${control.maxAttempts})`);
    await control.reportProgress(0);
    let command: VolumeCommand;
    try {
      command = await operation.run({ job, volume: state, control });
    } catch (error) {
      const permanent = isPermanentFailure(error);
      if (!permanent && control.attempt < control.maxAttempts) {
        this.logger.warn(`${job.id} failed (attempt ${control.attempt}), will retry: ${reasonOf(error)}`);
        throw error;
      }
      const reason = permanent ? reasonOf(error) : `${reasonOf(error)} (gave up after ${control.attempt} attempts)`;
      this.logger.error(`${job.id} of volume ${job.data.volume_id} failed: ${reason}`);
      await operation.cleanUpAfterFailure?.(job, state);
      command = operation.fail(job, state, reason);
    }
    const outcome = await this.commandBus.execute(new ExecuteVolumeCommand(command, this.context(job)));
    await control.reportProgress(100);
    operation.afterRecorded?.(job, outcome);
    const recorded = outcome.events.map((event) => event.type).join(', ');
    if (recorded) this.logger.log(`${job.id} recorded ${recorded}`);
    return recorded || 'nothing recorded: the operation ended meanwhile';
  }

  private context(job: BackendJob): CommandContext {
    return backendContext(job, job.id);
  }
}

/** The engine acting on a backend result; `name` makes the event ids (the job's id, or the watchdog's). */
export function backendContext(job: BackendJob, name: string): CommandContext {
  return {
    actor: ENGINE_ACTOR,
    request_id: `req-${deterministicUuid(`${name}/request`)}`,
    correlation_id: job.data.event_id,
    causation_id: job.data.event_id,
    microversion: null,
    now: new Date(),
    eventId: (index) => deterministicUuid(`${name}/${index}`),
  };
}
