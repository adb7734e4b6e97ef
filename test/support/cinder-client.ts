/** A minimal Cinder API client for tests: raw status, headers and parsed body. */
export class CinderClient {
  constructor(
    readonly base: string,
    readonly project = 'e2eproject',
    readonly headers: Record<string, string> = {},
  ) {}

  async request(method: string, path: string, options: { body?: string | object; headers?: Record<string, string> } = {}) {
    const headers: Record<string, string> = { 'X-Auth-Token': `admin:${this.project}`, ...this.headers, ...options.headers };
    let body: string | undefined;
    if (options.body !== undefined) {
      body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
      if (!Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) headers['Content-Type'] = 'application/json';
    }
    const response = await fetch(`${this.base}${path}`, { method, headers, body });
    const text = await response.text();
    let json: any = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      json = null;
    }
    return { status: response.status, headers: response.headers, text, json };
  }

  async createVolume(size = 1, extra: object = {}) {
    const res = await this.request('POST', `/v3/${this.project}/volumes`, { body: { volume: { size, ...extra } } });
    if (res.status !== 202) throw new Error(`create failed: ${res.status} ${res.text}`);
    return res.json.volume as { id: string; status: string; size: number; [field: string]: unknown };
  }

  async getVolume(id: string) {
    const res = await this.request('GET', `/v3/${this.project}/volumes/${id}`);
    if (res.status !== 200) throw new Error(`get failed: ${res.status} ${res.text}`);
    return res.json.volume as Record<string, any>;
  }

  action(id: string, body: string | object, headers: Record<string, string> = {}) {
    return this.request('POST', `/v3/${this.project}/volumes/${id}/action`, { body, headers });
  }

  /** Polls GET until the volume has the status, returning every status seen on the way. */
  async waitForStatus(id: string, status: string, timeoutMs = 20000): Promise<string[]> {
    const seen: string[] = [];
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const volume = await this.getVolume(id);
      if (seen[seen.length - 1] !== volume.status) seen.push(volume.status);
      if (volume.status === status) return seen;
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error(`volume ${id} never reached ${status}; statuses seen: ${seen.join(' -> ')}`);
  }
}
