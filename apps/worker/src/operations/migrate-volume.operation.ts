import { Inject, Injectable } from '@nestjs/common';
import { isMigrationPending, type ExistingVolume, type VolumeCommand, type VolumeState } from '@app/domain';
import type { BackendJob } from '@app/job-queue';
import { STORAGE_BACKEND, type StorageBackend } from '@app/storage-backend';
import { NO_VALID_BACKEND, placed, progressBetween, type BackendOperation, type OperationRun } from './backend-operation';
import { PoolDirectory } from './pool-directory';

/**
 * os-migrate_volume: moves the data to the requested host's pool (the named one, or the one with
 * the most room), verified by checksum before the source is removed.
 */
@Injectable()
export class MigrateVolumeOperation implements BackendOperation {
  readonly jobs = ['migrate_volume'] as const;

  constructor(
    @Inject(STORAGE_BACKEND) private readonly backend: StorageBackend,
    private readonly pools: PoolDirectory,
  ) {}

  isPending(state: VolumeState, job: BackendJob): state is ExistingVolume {
    return isMigrationPending(state, job.data.operation_id);
  }

  async run({ job, volume, control }: OperationRun): Promise<VolumeCommand> {
    const requested = volume.migration!.host;
    if (!requested) return this.fail(job, volume, `Migrating to cluster ${volume.migration!.cluster_name} is not supported by this backend.`);
    let destination = control.checkpoint?.destination;
    if (typeof destination !== 'string') {
      // The pool it is on is where the data comes from, not where it goes.
      const candidates = (await this.pools.poolsOf(requested)).filter((pool) => pool !== volume.host);
      const chosen = (await this.pools.holding(volume.id, candidates)) ?? (await this.pools.choose(volume.size, candidates));
      if (!chosen) return this.fail(job, volume, `${NO_VALID_BACKEND} on ${requested} for a volume of ${volume.size} GiB.`);
      destination = chosen;
      // A run after a crash must finish the move it started, whatever the scheduler would choose now.
      await control.saveCheckpoint({ destination });
    }
    const { provider_location } = await this.backend.migrateVolume(placed(volume), destination, {
      onProgress: progressBetween(control, 0, 99),
    });
    return this.complete(job, destination, provider_location);
  }

  fail(job: BackendJob, volume: ExistingVolume, reason: string): VolumeCommand {
    return { type: 'FailVolumeMigration', volume_id: volume.id, data: { operation_id: job.data.operation_id, reason } };
  }

  /** The data is gone from its pool and sits on one of the destination's: the move finished. */
  async finishedOnBackend(job: BackendJob, volume: ExistingVolume) {
    const requested = volume.migration!.host;
    if (!requested || (await this.backend.volumeData(placed(volume)))) return null;
    const destination = await this.pools.holding(volume.id, (await this.pools.poolsOf(requested)).filter((pool) => pool !== volume.host));
    if (!destination) return null;
    const data = await this.backend.volumeData({ id: volume.id, host: destination });
    return this.complete(job, destination, data!.provider_location);
  }

  private complete(job: BackendJob, host: string, provider_location: string): VolumeCommand {
    return {
      type: 'CompleteVolumeMigration',
      volume_id: job.data.volume_id,
      data: { operation_id: job.data.operation_id, host, cluster_name: null, provider_location },
    };
  }
}
