import { Inject, Injectable } from '@nestjs/common';
import type { ExistingVolume, VolumeCommand, VolumeState } from '@app/domain';
import type { BackendJob } from '@app/job-queue';
import { STORAGE_BACKEND, type StorageBackend } from '@app/storage-backend';
import { placed, type BackendOperation, type OperationRun } from './backend-operation';
import { snapshotPending } from './snapshot-operations';

/** Removes a snapshot's data. */
@Injectable()
export class DeleteSnapshotOperation implements BackendOperation {
  readonly jobs = ['delete_snapshot'] as const;

  constructor(@Inject(STORAGE_BACKEND) private readonly backend: StorageBackend) {}

  isPending(state: VolumeState, job: BackendJob): state is ExistingVolume {
    return snapshotPending(state, job, 'deleting');
  }

  async run({ job, volume }: OperationRun): Promise<VolumeCommand> {
    await this.backend.deleteSnapshot(placed(volume), job.data.snapshot_id!);
    return this.complete(job);
  }

  fail(job: BackendJob, volume: ExistingVolume, reason: string): VolumeCommand {
    const { snapshot_id, operation_id } = job.data;
    return { type: 'FailSnapshotDelete', volume_id: volume.id, data: { snapshot_id: snapshot_id!, operation_id, reason } };
  }

  async finishedOnBackend(job: BackendJob, volume: ExistingVolume) {
    return (await this.backend.snapshotData(placed(volume), job.data.snapshot_id!)) ? null : this.complete(job);
  }

  private complete(job: BackendJob): VolumeCommand {
    const { volume_id, snapshot_id, operation_id } = job.data;
    return { type: 'CompleteSnapshotDelete', volume_id, data: { snapshot_id: snapshot_id!, operation_id } };
  }
}
