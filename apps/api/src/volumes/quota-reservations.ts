import { Inject, Injectable } from '@nestjs/common';
import { overLimit } from '@app/cinder-api';
import { ENGINE_CONFIG, type EngineConfig } from '@app/config';
import { QuotaExceededError } from '@app/domain/quota/project-quota';
import { ProjectQuotaService, type CommandContext } from '@app/volume-commands';

/**
 * Project quota around a volume command: reserve first (413 past the quota, as Cinder's OverQuota
 * errors are, with `retryAfter`), give back if the volume then refuses the command.
 */
@Injectable()
export class QuotaReservations {
  constructor(
    private readonly quotas: ProjectQuotaService,
    @Inject(ENGINE_CONFIG) private readonly config: EngineConfig,
  ) {}

  async around<T>(
    projectId: string,
    volumeId: string,
    amount: { volumes: number; gigabytes: number },
    reason: string,
    ctx: CommandContext,
    command: () => Promise<T>,
  ): Promise<T> {
    try {
      await this.quotas.execute(projectId, { type: 'ReserveQuota', data: { volume_id: volumeId, ...amount, reason, limits: this.config.quotas } }, ctx);
    } catch (error) {
      if (error instanceof QuotaExceededError) throw overLimit(error.message);
      throw error;
    }
    try {
      return await command();
    } catch (error) {
      await this.quotas.execute(projectId, { type: 'ReleaseQuota', data: { volume_id: volumeId, ...amount, reason: `${reason} refused` } }, ctx);
      throw error;
    }
  }
}
