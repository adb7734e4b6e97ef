import { Inject, Injectable } from '@nestjs/common';
import { isPending, type ExistingVolume, type VolumeCommand, type VolumeState } from '@app/domain';
import type { BackendJob } from '@app/job-queue';
import { STORAGE_BACKEND, type StorageBackend } from '@app/storage-backend';
import { placed, progressBetween, type BackendOperation, type OperationRun } from './backend-operation';

/** Copies the latest snapshot's data back into the volume. */
@Injectable()
export class RevertVolumeOperation implements BackendOperation {
  readonly jobs = ['revert_volume'] as const;

  constructor(@Inject(STORAGE_BACKEND) private readonly backend: StorageBackend) {}

  isPending(state: VolumeState, job: BackendJob): state is ExistingVolume {
    return isPending(state, 'revert', job.data.operation_id, 'reverting');
  }

  async run({ job, volume, control }: OperationRun): Promise<VolumeCommand> {
    await this.backend.revertToSnapshot(placed(volume), volume.pending!.snapshot_id!, { onProgress: progressBetween(control, 0, 99) });
    return { type: 'CompleteVolumeRevert', volume_id: volume.id, data: { operation_id: job.data.operation_id } };
  }

  fail(job: BackendJob, volume: ExistingVolume, reason: string): VolumeCommand {
    return { type: 'FailVolumeRevert', volume_id: volume.id, data: { operation_id: job.data.operation_id, reason } };
  }
}
