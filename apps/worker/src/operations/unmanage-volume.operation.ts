import { Inject, Injectable } from '@nestjs/common';
import { isPending, type ExistingVolume, type VolumeCommand, type VolumeState } from '@app/domain';
import type { BackendJob } from '@app/job-queue';
import { STORAGE_BACKEND, type StorageBackend } from '@app/storage-backend';
import { placed, type BackendOperation, type OperationRun } from './backend-operation';

/** os-unmanage: the engine forgets the volume; its data stays on the backend. */
@Injectable()
export class UnmanageVolumeOperation implements BackendOperation {
  readonly jobs = ['unmanage_volume'] as const;

  constructor(@Inject(STORAGE_BACKEND) private readonly backend: StorageBackend) {}

  isPending(state: VolumeState, job: BackendJob): state is ExistingVolume {
    return isPending(state, 'unmanage', job.data.operation_id, 'unmanaging', 'error_managing_deleting');
  }

  async run({ job, volume }: OperationRun): Promise<VolumeCommand> {
    await this.backend.unmanageVolume(placed(volume));
    return { type: 'CompleteVolumeUnmanage', volume_id: volume.id, data: { operation_id: job.data.operation_id } };
  }

  fail(job: BackendJob, volume: ExistingVolume, reason: string): VolumeCommand {
    return { type: 'FailVolumeUnmanage', volume_id: volume.id, data: { operation_id: job.data.operation_id, reason } };
  }
}
