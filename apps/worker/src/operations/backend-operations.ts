import { Injectable } from '@nestjs/common';
import type { VolumeState } from '@app/domain';
import { UnrecoverableError, type BackendJob, type BackendJobName } from '@app/job-queue';
import type { BackendOperation } from './backend-operation';
import { CreateSnapshotOperation } from './create-snapshot.operation';
import { CreateVolumeOperation } from './create-volume.operation';
import { DeleteSnapshotOperation } from './delete-snapshot.operation';
import { DeleteVolumeOperation } from './delete-volume.operation';
import { ExtendVolumeOperation } from './extend-volume.operation';
import { MigrateVolumeOperation } from './migrate-volume.operation';
import { PoolDirectory } from './pool-directory';
import { ReimageVolumeOperation } from './reimage-volume.operation';
import { RetypeVolumeOperation } from './retype-volume.operation';
import { RevertVolumeOperation } from './revert-volume.operation';
import { UnmanageVolumeOperation } from './unmanage-volume.operation';
import { UploadToImageOperation } from './upload-to-image.operation';

/** Every backend operation, by the job names it carries out. */
@Injectable()
export class BackendOperations {
  private readonly byJob = new Map<BackendJobName, BackendOperation>();

  constructor(
    create: CreateVolumeOperation,
    extend: ExtendVolumeOperation,
    revert: RevertVolumeOperation,
    retype: RetypeVolumeOperation,
    migrate: MigrateVolumeOperation,
    upload: UploadToImageOperation,
    reimage: ReimageVolumeOperation,
    unmanage: UnmanageVolumeOperation,
    deleteVolume: DeleteVolumeOperation,
    createSnapshot: CreateSnapshotOperation,
    deleteSnapshot: DeleteSnapshotOperation,
  ) {
    const operations: BackendOperation[] = [create, extend, revert, retype, migrate, upload, reimage, unmanage, deleteVolume, createSnapshot, deleteSnapshot];
    for (const operation of operations) for (const name of operation.jobs) this.byJob.set(name, operation);
  }

  for(name: BackendJobName): BackendOperation {
    const operation = this.byJob.get(name);
    // A job from a newer engine, or a stray one: retrying cannot teach this worker how to run it.
    if (!operation) throw new UnrecoverableError(`This worker knows no backend operation for jobs named ${name}`);
    return operation;
  }

  /** Whether the volume still waits on the job's operation. */
  isPending(state: VolumeState, job: BackendJob): boolean {
    return this.for(job.name).isPending(state, job);
  }
}

export const OPERATION_PROVIDERS = [
  PoolDirectory,
  CreateVolumeOperation,
  ExtendVolumeOperation,
  RevertVolumeOperation,
  RetypeVolumeOperation,
  MigrateVolumeOperation,
  UploadToImageOperation,
  ReimageVolumeOperation,
  UnmanageVolumeOperation,
  DeleteVolumeOperation,
  CreateSnapshotOperation,
  DeleteSnapshotOperation,
  BackendOperations,
];
