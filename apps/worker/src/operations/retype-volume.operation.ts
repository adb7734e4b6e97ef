import { Inject, Injectable } from '@nestjs/common';
import { parseHost } from '@app/backend-registry';
import { isPending, type ExistingVolume, type VolumeCommand, type VolumeState } from '@app/domain';
import type { BackendJob } from '@app/job-queue';
import { STORAGE_BACKEND, type StorageBackend } from '@app/storage-backend';
import { VolumeTypeCatalogService } from '@app/volume-commands';
import { NO_VALID_BACKEND, placed, progressBetween, type BackendOperation, type OperationRun } from './backend-operation';
import { isPermanentFailure, reasonOf } from './failures';
import { PoolDirectory } from './pool-directory';

/** Replication states that do not stop a migration (Cinder's retype refuses the others). */
const MIGRATABLE_REPLICATION = [null, 'disabled', 'not-capable'];

/**
 * cinder/volume/manager.py `retype`: a type the volume's backend can serve changes in place (the
 * backend's retype); a type needing another backend (`volume_backend_name`) migrates the volume,
 * only when the request allowed it (`migration_policy: on-demand`), and not with snapshots.
 */
@Injectable()
export class RetypeVolumeOperation implements BackendOperation {
  readonly jobs = ['retype_volume'] as const;

  constructor(
    @Inject(STORAGE_BACKEND) private readonly backend: StorageBackend,
    private readonly types: VolumeTypeCatalogService,
    private readonly pools: PoolDirectory,
  ) {}

  isPending(state: VolumeState, job: BackendJob): state is ExistingVolume {
    return isPending(state, 'retype', job.data.operation_id, 'retyping');
  }

  async run({ job, volume, control }: OperationRun): Promise<VolumeCommand> {
    const { id, name } = volume.pending!.new_type!;
    const extra_specs = (await this.types.find(id))?.extra_specs ?? {};
    const wanted = extra_specs.volume_backend_name;
    const movingTo = control.checkpoint?.destination;
    if (typeof movingTo !== 'string') {
      const sameBackend = wanted === undefined || wanted === parseHost(volume.host ?? '').backend;
      if (sameBackend && (await this.backend.retypeVolume(placed(volume), { id, name, extra_specs }))) return this.complete(job);
      if ((job.data.migration_policy ?? 'never') !== 'on-demand') return this.fail(job, volume, 'Retype requires migration but is not allowed.');
      if (volume.snapshots.length > 0) return this.fail(job, volume, 'Volume must not have snapshots.');
      if (!MIGRATABLE_REPLICATION.includes(volume.replication_status)) return this.fail(job, volume, 'Volume must not be replicated.');
    }
    const candidates = wanted === undefined ? [] : (await this.pools.poolsOfBackend(wanted)).filter((pool) => pool !== volume.host);
    const destination =
      typeof movingTo === 'string'
        ? movingTo
        : ((await this.pools.holding(volume.id, candidates)) ?? (await this.pools.choose(volume.size, candidates)));
    if (!destination) return this.fail(job, volume, `${NO_VALID_BACKEND} for volume type ${name}.`);
    // A run after a crash must finish the move it started, whatever the scheduler would choose now.
    await control.saveCheckpoint({ destination });
    try {
      const { provider_location } = await this.backend.migrateVolume(placed(volume), destination, {
        onProgress: progressBetween(control, 0, 99),
      });
      return this.complete(job, { host: destination, cluster_name: null, provider_location });
    } catch (error) {
      if (!isPermanentFailure(error)) throw error;
      return {
        type: 'FailVolumeRetype',
        volume_id: volume.id,
        data: { operation_id: job.data.operation_id, reason: reasonOf(error), migration_failed: true },
      };
    }
  }

  fail(job: BackendJob, volume: ExistingVolume, reason: string): VolumeCommand {
    return { type: 'FailVolumeRetype', volume_id: volume.id, data: { operation_id: job.data.operation_id, reason } };
  }

  private complete(job: BackendJob, migrated_to?: { host: string; cluster_name: null; provider_location: string }): VolumeCommand {
    return {
      type: 'CompleteVolumeRetype',
      volume_id: job.data.volume_id,
      data: { operation_id: job.data.operation_id, ...(migrated_to ? { migrated_to } : {}) },
    };
  }
}
