import { ComputeUnavailableError, type ComputeService } from './compute.port';

export interface NovaSettings {
  /** The compute endpoint, e.g. http://nova:8774/v2.1 */
  url: string;
  /** A token with the service role, sent as X-Auth-Token. */
  token: string;
  timeoutMs?: number;
}

/**
 * Nova's compute API: `GET /servers/{id}/os-volume_attachments/{volume_id}` (microversion 2.89
 * returns Cinder's `attachment_id`) and `POST /os-server-external-events`.
 */
export class NovaComputeService implements ComputeService {
  constructor(private readonly settings: NovaSettings) {}

  async serverVolumeAttachment(serverId: string, volumeId: string) {
    const response = await this.call('GET', `/servers/${encodeURIComponent(serverId)}/os-volume_attachments/${encodeURIComponent(volumeId)}`);
    if (response.status === 404) return null;
    if (!response.ok) throw await this.failure(response);
    const body = (await response.json()) as { volumeAttachment?: { attachment_id?: string | null } };
    return { attachment_id: body.volumeAttachment?.attachment_id ?? null };
  }

  async notifyVolumeExtended(serverId: string, volumeId: string) {
    const response = await this.call('POST', '/os-server-external-events', {
      events: [{ name: 'volume-extended', server_uuid: serverId, tag: volumeId }],
    });
    // 404: the server is gone; like Cinder, a notification to nobody is not an error.
    if (!response.ok && response.status !== 404) throw await this.failure(response);
  }

  private async call(method: string, path: string, body?: unknown): Promise<Response> {
    try {
      return await fetch(`${this.settings.url.replace(/\/+$/, '')}${path}`, {
        method,
        headers: {
          'X-Auth-Token': this.settings.token,
          'X-OpenStack-Nova-API-Version': '2.89',
          'OpenStack-API-Version': 'compute 2.89',
          Accept: 'application/json',
          ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(this.settings.timeoutMs ?? 10000),
      });
    } catch (error) {
      throw new ComputeUnavailableError(`Nova at ${this.settings.url} could not be reached: ${(error as Error).message}`);
    }
  }

  private async failure(response: Response) {
    const text = await response.text().catch(() => '');
    return new ComputeUnavailableError(`Nova answered ${response.status}: ${text.slice(0, 200)}`);
  }
}
