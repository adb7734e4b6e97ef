import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { UnrecoverableError, Worker, type Job } from 'bullmq';
import { randomUUID } from 'node:crypto';
import { negotiateMicroversion } from '@app/cinder-api';
import { ENGINE_CONFIG, redisOptions, type EngineConfig } from '@app/config';
import type { Caller } from '@app/identity';
import { Policy } from '@app/policy';
import { toFault } from '../http/to-fault';
import { VolumeActionPipeline } from '../volumes/actions/action-pipeline';
import { parseQueuedCommand, type QueuedCommandResult, type QueuedVolumeCommand } from './queued-command';

/**
 * Internal services send volume commands on a BullMQ queue instead of HTTP. Each goes through the
 * same pipeline as the HTTP action (validation, policy, decider); the job's return value is the
 * HTTP-equivalent answer, a refusal fails the job with Cinder's fault as its reason. The job id is
 * the command's idempotency key: the same job sent twice applies once and answers the same.
 */
@Injectable()
export class VolumeCommandConsumer implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(VolumeCommandConsumer.name);
  private worker: Worker | null = null;

  constructor(
    @Inject(ENGINE_CONFIG) private readonly config: EngineConfig,
    private readonly pipeline: VolumeActionPipeline,
    private readonly policy: Policy,
  ) {}

  async onApplicationBootstrap() {
    this.worker = new Worker(this.config.commandQueue, (job) => this.handle(job), {
      connection: redisOptions(this.config.redisUrl),
      prefix: this.config.queuePrefix,
      concurrency: 16,
    });
    // A Redis away is retried by BullMQ; log it as a line of ours rather than let it print raw.
    this.worker.on('error', (error) => this.logger.warn(`Volume command queue: ${error.message}`));
    await this.worker.waitUntilReady();
  }

  async onModuleDestroy() {
    await this.worker?.close();
  }

  async handle(job: Job): Promise<QueuedCommandResult> {
    try {
      const command = parseQueuedCommand(job.data);
      const requestId = `req-${randomUUID()}`;
      const reply = await this.pipeline.run({
        origin: {
          requestId,
          version: negotiateMicroversion(command.microversion ? `volume ${command.microversion}` : undefined).version,
          caller: this.caller(command.caller),
          correlationId: command.correlation_id ?? requestId,
        },
        projectId: command.project_id,
        volumeId: command.volume_id,
        rawBody: Buffer.from(JSON.stringify({ [command.action]: command.body })),
        contentType: 'application/json',
        idempotencyKey: `job:${job.id}`,
      });
      return { status: reply.status, body: reply.body ?? null };
    } catch (error) {
      const fault = toFault(error);
      // Not Cinder's answer but a failure of ours (the store or Redis away): let BullMQ retry it.
      if (!fault) throw error;
      this.logger.warn(`Volume command job ${job.id} refused: ${fault.status} ${fault.message}`);
      throw new UnrecoverableError(JSON.stringify({ status: fault.status, body: fault.toBody() }));
    }
  }

  /** The caller as a gateway would have described it; `is_admin` and `service` as Cinder decides them. */
  private caller(named: QueuedVolumeCommand['caller']): Caller {
    const serviceRoles = named.service_roles ?? [];
    const wanted = this.config.serviceTokenRoles.map((r) => r.toLowerCase());
    const caller = {
      user_id: named.user_id,
      project_id: named.project_id,
      roles: named.roles ?? [],
      is_admin_project: named.is_admin_project ?? true,
      service: serviceRoles.some((role) => wanted.includes(role.toLowerCase())),
      service_roles: serviceRoles,
    };
    return { ...caller, is_admin: this.policy.enforce('context_is_admin', caller, caller) };
  }
}
