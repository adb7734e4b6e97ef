import { Inject, Injectable } from '@nestjs/common';
import type { ExistingVolume, VolumeCommand, VolumeState } from '@app/domain';
import type { BackendJob } from '@app/job-queue';
import { STORAGE_BACKEND, type StorageBackend } from '@app/storage-backend';
import { placed, progressBetween, type BackendOperation, type OperationRun } from './backend-operation';
import { snapshotPending } from './snapshot-operations';

/** A sparse point-in-time copy of the volume beside it. */
@Injectable()
export class CreateSnapshotOperation implements BackendOperation {
  readonly jobs = ['create_snapshot'] as const;

  constructor(@Inject(STORAGE_BACKEND) private readonly backend: StorageBackend) {}

  isPending(state: VolumeState, job: BackendJob): state is ExistingVolume {
    return snapshotPending(state, job, 'creating');
  }

  async run({ job, volume, control }: OperationRun): Promise<VolumeCommand> {
    await this.backend.createSnapshot(placed(volume), job.data.snapshot_id!, { onProgress: progressBetween(control, 0, 99) });
    return this.complete(job);
  }

  fail(job: BackendJob, volume: ExistingVolume, reason: string): VolumeCommand {
    const { snapshot_id, operation_id } = job.data;
    return { type: 'FailSnapshotCreate', volume_id: volume.id, data: { snapshot_id: snapshot_id!, operation_id, reason } };
  }

  /** A snapshot's data appears whole (renamed into place) or not at all. */
  async finishedOnBackend(job: BackendJob, volume: ExistingVolume) {
    return (await this.backend.snapshotData(placed(volume), job.data.snapshot_id!)) ? this.complete(job) : null;
  }

  private complete(job: BackendJob): VolumeCommand {
    const { volume_id, snapshot_id, operation_id } = job.data;
    return { type: 'CompleteSnapshotCreate', volume_id, data: { snapshot_id: snapshot_id!, operation_id } };
  }
}
