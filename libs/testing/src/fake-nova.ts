import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

/**
 * A stand-in for Nova's compute API on loopback, following its documented shapes: server volume
 * attachments (`GET /servers/{id}/os-volume_attachments/{volume_id}`, microversion 2.89 fields)
 * and external events (`POST /os-server-external-events`). Tests declare which server uses which
 * volume and read the events it received.
 */
export class FakeNova {
  readonly events: Array<{ name: string; server_uuid: string; tag?: string }> = [];
  readonly requests: Array<{ method: string; url: string; token: string | undefined }> = [];
  private readonly attachments = new Map<string, string>();
  private server: Server | null = null;
  failWith: number | null = null;

  /** Nova has server `serverId` using `volumeId` through Cinder attachment `attachmentId`. */
  attach(serverId: string, volumeId: string, attachmentId: string) {
    this.attachments.set(`${serverId}/${volumeId}`, attachmentId);
  }

  detach(serverId: string, volumeId: string) {
    this.attachments.delete(`${serverId}/${volumeId}`);
  }

  async start(): Promise<string> {
    this.server = createServer((req, res) => this.handle(req, res));
    await new Promise<void>((done) => this.server!.listen(0, '127.0.0.1', done));
    const { port } = this.server.address() as { port: number };
    return `http://127.0.0.1:${port}/v2.1`;
  }

  async stop() {
    await new Promise<void>((done) => (this.server ? this.server.close(() => done()) : done()));
  }

  private handle(req: IncomingMessage, res: ServerResponse) {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      this.requests.push({ method: req.method!, url: req.url!, token: req.headers['x-auth-token'] as string | undefined });
      if (this.failWith) return this.send(res, this.failWith, { computeFault: { code: this.failWith, message: 'fake failure' } });
      const attachment = /^\/v2\.1\/servers\/([^/]+)\/os-volume_attachments\/([^/]+)$/.exec(req.url ?? '');
      if (req.method === 'GET' && attachment) {
        const [, serverId, volumeId] = attachment;
        const attachmentId = this.attachments.get(`${serverId}/${volumeId}`);
        if (!attachmentId) {
          return this.send(res, 404, { itemNotFound: { code: 404, message: `volume_id not found: ${volumeId}` } });
        }
        return this.send(res, 200, {
          volumeAttachment: { device: '/dev/vdb', serverId, volumeId, tag: null, delete_on_termination: false, attachment_id: attachmentId, bdm_uuid: '00000000-0000-4000-8000-000000000001' },
        });
      }
      if (req.method === 'POST' && req.url === '/v2.1/os-server-external-events') {
        const { events } = JSON.parse(Buffer.concat(chunks).toString()) as { events: FakeNova['events'] };
        this.events.push(...events);
        return this.send(res, 200, { events: events.map((e) => ({ ...e, status: 'completed', code: 200 })) });
      }
      this.send(res, 404, { itemNotFound: { code: 404, message: 'The resource could not be found.' } });
    });
  }

  private send(res: ServerResponse, status: number, body: unknown) {
    res.writeHead(status, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(body));
  }
}
