import { Inject, Injectable, Logger } from '@nestjs/common';
import { isPending, type ExistingVolume, type VolumeCommand, type VolumeState } from '@app/domain';
import { COMPUTE_SERVICE, type ComputeService } from '@app/compute';
import type { BackendJob } from '@app/job-queue';
import { GiB, STORAGE_BACKEND, type StorageBackend } from '@app/storage-backend';
import type { CommandOutcome } from '@app/volume-commands';
import { placed, type BackendOperation, type OperationRun } from './backend-operation';

/** Grows the volume's storage; an attached volume's servers then hear `volume-extended` from Nova. */
@Injectable()
export class ExtendVolumeOperation implements BackendOperation {
  readonly jobs = ['extend_volume'] as const;
  private readonly logger = new Logger('ExtendVolume');

  constructor(
    @Inject(STORAGE_BACKEND) private readonly backend: StorageBackend,
    @Inject(COMPUTE_SERVICE) private readonly compute: ComputeService,
  ) {}

  isPending(state: VolumeState, job: BackendJob): state is ExistingVolume {
    return isPending(state, 'extend', job.data.operation_id, 'extending');
  }

  async run({ job, volume }: OperationRun): Promise<VolumeCommand> {
    await this.backend.extendVolume(placed(volume), volume.pending!.new_size!);
    return this.complete(job);
  }

  fail(job: BackendJob, volume: ExistingVolume, reason: string): VolumeCommand {
    return { type: 'FailVolumeExtend', volume_id: volume.id, data: { operation_id: job.data.operation_id, reason } };
  }

  async finishedOnBackend(job: BackendJob, volume: ExistingVolume) {
    const data = await this.backend.volumeData(placed(volume));
    return data?.size_bytes === volume.pending!.new_size! * GiB ? this.complete(job) : null;
  }

  /**
   * cinder/volume/manager.py `extend_volume`: each server using the volume is told, and a failure
   * to tell it changes nothing here (Nova resizes the disk when it next looks). Not awaited.
   */
  afterRecorded(job: BackendJob, outcome: CommandOutcome) {
    if (!outcome.events.some((event) => event.type === 'VolumeExtended') || !outcome.state.exists) return;
    const servers = [...new Set(outcome.state.attachments.map((a) => a.instance_uuid).filter((id): id is string => !!id))];
    for (const server of servers) {
      this.compute.notifyVolumeExtended(server, job.data.volume_id).then(
        () => this.logger.log(`Told Nova that volume ${job.data.volume_id} of server ${server} was extended`),
        (error: Error) => this.logger.warn(`Nova was not told that volume ${job.data.volume_id} of server ${server} was extended: ${error.message}`),
      );
    }
  }

  private complete(job: BackendJob): VolumeCommand {
    return { type: 'CompleteVolumeExtend', volume_id: job.data.volume_id, data: { operation_id: job.data.operation_id } };
  }
}
