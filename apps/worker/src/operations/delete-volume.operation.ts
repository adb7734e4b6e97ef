import { Inject, Injectable } from '@nestjs/common';
import { isPending, type ExistingVolume, type VolumeCommand, type VolumeState } from '@app/domain';
import type { BackendJob } from '@app/job-queue';
import { STORAGE_BACKEND, type StorageBackend } from '@app/storage-backend';
import { placed, type BackendOperation, type OperationRun } from './backend-operation';

/** DELETE and os-force_delete: the volume's data goes, with its snapshots' (a cascade's). */
@Injectable()
export class DeleteVolumeOperation implements BackendOperation {
  readonly jobs = ['delete_volume', 'force_delete_volume'] as const;

  constructor(@Inject(STORAGE_BACKEND) private readonly backend: StorageBackend) {}

  isPending(state: VolumeState, job: BackendJob): state is ExistingVolume {
    return isPending(state, 'delete', job.data.operation_id, 'deleting', 'error_managing_deleting');
  }

  async run({ job, volume }: OperationRun): Promise<VolumeCommand> {
    await this.backend.deleteVolume(placed(volume), volume.snapshots.map((snapshot) => snapshot.id));
    return this.complete(job);
  }

  /** The file backend never reports a volume busy (Cinder's VolumeIsBusy): a failure is `error_deleting`. */
  fail(job: BackendJob, volume: ExistingVolume, reason: string): VolumeCommand {
    return { type: 'FailVolumeDelete', volume_id: volume.id, data: { operation_id: job.data.operation_id, reason, volume_busy: false } };
  }

  async finishedOnBackend(job: BackendJob, volume: ExistingVolume) {
    return (await this.backend.volumeData(placed(volume))) ? null : this.complete(job);
  }

  private complete(job: BackendJob): VolumeCommand {
    return { type: 'CompleteVolumeDelete', volume_id: job.data.volume_id, data: { operation_id: job.data.operation_id } };
  }
}
