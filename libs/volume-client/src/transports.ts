import { Queue, QueueEvents, type ConnectionOptions } from 'bullmq';
import { randomUUID } from 'node:crypto';
import { VolumeActionError, type CallOptions } from './volume-actions.types';

/** Carries one action to the engine and brings back its answer. */
export interface VolumeActionTransport {
  send(action: string, volumeId: string, body: unknown, options: CallOptions): Promise<{ status: number; body: unknown }>;
  close(): Promise<void>;
}

/** Over Cinder's HTTP API: POST /v3/{project_id}/volumes/{volume_id}/action. */
export class HttpVolumeTransport implements VolumeActionTransport {
  constructor(
    private readonly settings: {
      /** e.g. http://cinder:8776 */
      baseUrl: string;
      projectId: string;
      /** The caller's identity headers: `X-Auth-Token` (noauth) or what the gateway expects. */
      headers: Record<string, string>;
      microversion?: string;
    },
  ) {}

  async send(action: string, volumeId: string, body: unknown, options: CallOptions) {
    const microversion = options.microversion ?? this.settings.microversion ?? '3.71';
    const response = await fetch(`${this.settings.baseUrl.replace(/\/+$/, '')}/v3/${this.settings.projectId}/volumes/${volumeId}/action`, {
      method: 'POST',
      headers: {
        ...this.settings.headers,
        'Content-Type': 'application/json',
        'OpenStack-API-Version': `volume ${microversion}`,
        ...(options.idempotencyKey ? { 'Idempotency-Key': options.idempotencyKey } : {}),
        ...(options.correlationId ? { 'X-Correlation-Id': options.correlationId } : {}),
      },
      body: JSON.stringify({ [action]: body }),
    });
    const text = await response.text();
    const parsed = text && response.headers.get('content-type')?.startsWith('application/json') ? JSON.parse(text) : undefined;
    if (response.status >= 400) throw new VolumeActionError(response.status, parsed ?? {});
    return { status: response.status, body: parsed };
  }

  async close() {}
}

/** Over the engine's command queue (BullMQ): the job's id is the idempotency key. */
export class QueueVolumeTransport implements VolumeActionTransport {
  private readonly queue: Queue;
  private readonly events: QueueEvents;

  constructor(
    private readonly settings: {
      connection: ConnectionOptions;
      /** The engine's QUEUE_PREFIX and COMMAND_QUEUE. */
      prefix?: string;
      queueName?: string;
      caller: { user_id: string; project_id: string; roles?: string[]; service_roles?: string[] };
      projectId: string;
      microversion?: string;
      timeoutMs?: number;
    },
  ) {
    const name = settings.queueName ?? 'volume-commands';
    const options = { connection: settings.connection, prefix: settings.prefix ?? 'cinder' };
    this.queue = new Queue(name, options);
    this.events = new QueueEvents(name, options);
  }

  async send(action: string, volumeId: string, body: unknown, options: CallOptions) {
    await this.events.waitUntilReady();
    const job = await this.queue.add(
      action,
      {
        action,
        volume_id: volumeId,
        project_id: this.settings.projectId,
        caller: this.settings.caller,
        body,
        microversion: options.microversion ?? this.settings.microversion ?? '3.71',
        ...(options.correlationId ? { correlation_id: options.correlationId } : {}),
      },
      { jobId: options.idempotencyKey ?? randomUUID(), attempts: 5, backoff: { type: 'exponential', delay: 200 }, removeOnComplete: { age: 86400 } },
    );
    try {
      return (await job.waitUntilFinished(this.events, this.settings.timeoutMs ?? 30000)) as { status: number; body: unknown };
    } catch (error) {
      const answer = parseFault((error as Error).message);
      if (answer) throw new VolumeActionError(answer.status, answer.body);
      throw error;
    }
  }

  async close() {
    await this.events.close();
    await this.queue.close();
  }
}

/** The engine fails a refused command's job with Cinder's answer as JSON in the reason. */
function parseFault(reason: string): { status: number; body: Record<string, { code: number; message: string }> } | null {
  try {
    const parsed = JSON.parse(reason) as { status?: unknown; body?: unknown };
    return typeof parsed.status === 'number' && parsed.body && typeof parsed.body === 'object' ? (parsed as never) : null;
  } catch {
    return null;
  }
}
