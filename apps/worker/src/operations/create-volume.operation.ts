import { Inject, Injectable } from '@nestjs/common';
import { isPending, type ExistingVolume, type VolumeCommand, type VolumeState } from '@app/domain';
import type { BackendJob } from '@app/job-queue';
import { GiB, STORAGE_BACKEND, type StorageBackend } from '@app/storage-backend';
import { NO_VALID_BACKEND, placed, type BackendOperation, type OperationRun } from './backend-operation';

/** Makes the volume's storage on the pool the scheduler chose. */
@Injectable()
export class CreateVolumeOperation implements BackendOperation {
  readonly jobs = ['create_volume'] as const;

  constructor(@Inject(STORAGE_BACKEND) private readonly backend: StorageBackend) {}

  isPending(state: VolumeState, job: BackendJob): state is ExistingVolume {
    return isPending(state, 'create', job.data.operation_id, 'creating');
  }

  async run({ job, volume }: OperationRun): Promise<VolumeCommand> {
    // The API recorded that no pool could hold the volume; Cinder's scheduler then fails the create.
    if (!volume.host) return this.fail(job, volume, NO_VALID_BACKEND);
    const { provider_location } = await this.backend.createVolume(placed(volume), volume.size);
    return this.complete(job, volume.host, provider_location);
  }

  fail(job: BackendJob, volume: ExistingVolume, reason: string): VolumeCommand {
    return { type: 'FailVolumeCreate', volume_id: volume.id, data: { operation_id: job.data.operation_id, reason } };
  }

  async finishedOnBackend(job: BackendJob, volume: ExistingVolume) {
    if (!volume.host) return this.fail(job, volume, NO_VALID_BACKEND);
    const data = await this.backend.volumeData(placed(volume));
    return data?.size_bytes === volume.size * GiB ? this.complete(job, volume.host, data.provider_location) : null;
  }

  private complete(job: BackendJob, host: string, provider_location: string): VolumeCommand {
    return { type: 'CompleteVolumeCreate', volume_id: job.data.volume_id, data: { operation_id: job.data.operation_id, host, provider_location } };
  }
}
