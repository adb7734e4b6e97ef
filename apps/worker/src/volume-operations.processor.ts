import { Inject, Injectable, Logger } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { ExistingVolume, VolumeState } from '@app/domain';
import type { BackendJob, JobControl } from '@app/job-queue';
import { BackendError, STORAGE_BACKEND, type StorageBackend } from '@app/storage-backend';
import {
  deterministicUuid,
  ENGINE_ACTOR,
  RecordBackendResultCommand,
  VolumeCommandExecutor,
  type BackendResult,
  type CommandContext,
} from '@app/volume-commands';

const KIND_OF_JOB = { create_volume: 'create', extend_volume: 'extend' } as const;

/**
 * Carries out one backend operation and records how it ended. Every job may run twice (a retry,
 * or a worker killed mid-job): it first checks the operation is still pending, the backend calls
 * are idempotent, and its event ids derive from the job id so a second run cannot append twice.
 */
@Injectable()
export class VolumeOperationsProcessor {
  private readonly logger = new Logger(VolumeOperationsProcessor.name);

  constructor(
    private readonly executor: VolumeCommandExecutor,
    private readonly commandBus: CommandBus,
    @Inject(STORAGE_BACKEND) private readonly backend: StorageBackend,
  ) {}

  async process(job: BackendJob, control: JobControl): Promise<string> {
    const { state } = await this.executor.load(job.data.volume_id);
    if (!isPending(state, KIND_OF_JOB[job.name], job.data.operation_id)) {
      return 'skipped: the operation is no longer pending';
    }
    let result: BackendResult;
    try {
      result = await this.run(job, state);
    } catch (error) {
      const finalAttempt = error instanceof BackendError || control.attempt >= control.maxAttempts;
      if (!finalAttempt) throw error;
      this.logger.error(`${job.name} of volume ${job.data.volume_id} failed: ${(error as Error).message}`);
      result = this.failure(job, (error as Error).message);
    }
    await control.reportProgress(100);
    await this.commandBus.execute(new RecordBackendResultCommand(result, this.context(job)));
    return result.type;
  }

  private async run(job: BackendJob, volume: ExistingVolume): Promise<BackendResult> {
    const { volume_id, operation_id } = job.data;
    const where = { id: volume_id, host: volume.host! };
    if (job.name === 'create_volume') {
      const { provider_location } = await this.backend.createVolume(where, volume.size);
      return { type: 'CompleteVolumeCreate', volume_id, data: { operation_id, host: where.host, provider_location } };
    }
    await this.backend.extendVolume(where, volume.pending!.new_size!);
    return { type: 'CompleteVolumeExtend', volume_id, data: { operation_id } };
  }

  private failure(job: BackendJob, reason: string): BackendResult {
    const { volume_id, operation_id } = job.data;
    const type = job.name === 'create_volume' ? 'FailVolumeCreate' : 'FailVolumeExtend';
    return { type, volume_id, data: { operation_id, reason } };
  }

  private context(job: BackendJob): CommandContext {
    return {
      actor: ENGINE_ACTOR,
      request_id: `req-${deterministicUuid(`${job.id}/request`)}`,
      correlation_id: job.data.event_id,
      causation_id: job.data.event_id,
      microversion: null,
      now: new Date(),
      eventId: (index) => deterministicUuid(`${job.id}/${index}`),
    };
  }
}

function isPending(state: VolumeState, kind: 'create' | 'extend', operationId: string): state is ExistingVolume {
  return state.exists && state.pending?.kind === kind && state.pending.operation_id === operationId;
}
