import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { CinderClient } from './support/cinder-client';
import { EventLog } from './support/event-log';
import { engineEnv, ROOT, startHttpEngine, waitFor, type EngineEnv, type EngineProcess } from './support/engine-process';

interface CollectedSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  service: string;
}

/** An OTLP/HTTP (JSON) trace collector: what the engine exports when OTEL_EXPORTER_OTLP_ENDPOINT is set. */
async function startCollector(): Promise<{ server: Server; url: string; spans: CollectedSpan[] }> {
  const spans: CollectedSpan[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      if (request.url === '/v1/traces') {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        for (const resourceSpans of body.resourceSpans ?? []) {
          const service = resourceSpans.resource?.attributes?.find((a: any) => a.key === 'service.name')?.value?.stringValue;
          for (const scope of resourceSpans.scopeSpans ?? []) {
            for (const span of scope.spans ?? []) spans.push({ ...span, service });
          }
        }
      }
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as { port: number };
  return { server, url: `http://127.0.0.1:${port}`, spans };
}

const traceIdOf = (traceparent: unknown) => String(traceparent).split('-')[1];

/**
 * One engine, one scenario (create, extend), then everything an operator reads about it: the log
 * lines of each request and of the jobs it caused, the Prometheus series, the trace from the
 * request to the completion event, the OpenAPI document and the queue dashboard.
 */
describe('operating the engine: logs, metrics, traces, OpenAPI, dashboard', () => {
  let env: EngineEnv;
  let engine: EngineProcess;
  let cinder: CinderClient;
  let base: string;
  let log: EventLog;
  let collector: Awaited<ReturnType<typeof startCollector>>;
  let volumeId: string;
  let createRequestId: string;
  let extendRequestId: string;

  beforeAll(async () => {
    collector = await startCollector();
    env = await engineEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: collector.url, WATCHDOG_INTERVAL_MS: '200', LOG_LEVEL: 'info' });
    const started = await startHttpEngine('all-in-one', env);
    engine = started.engine;
    base = started.base;
    cinder = new CinderClient(base, 'opsproject', { 'OpenStack-API-Version': 'volume 3.42' });
    log = new EventLog(env.DATA_DIR);
    await waitFor(async () => (await cinder.request('GET', `/v3/${cinder.project}/os-services`)).json?.services?.length === 1, 20000, () => engine.logs);

    const created = await cinder.request('POST', `/v3/${cinder.project}/volumes`, { body: { volume: { size: 1 } } });
    expect(created.status).toBe(202);
    volumeId = created.json.volume.id;
    createRequestId = created.headers.get('x-openstack-request-id')!;
    await cinder.waitForStatus(volumeId, 'available');
    const extended = await cinder.action(volumeId, { 'os-extend': { new_size: 2 } });
    expect(extended.status).toBe(202);
    extendRequestId = extended.headers.get('x-openstack-request-id')!;
    await cinder.waitForStatus(volumeId, 'available');
  });

  afterAll(async () => {
    await log?.close();
    await engine?.kill();
    await new Promise((done) => collector?.server.close(done));
  });

  const lines = () =>
    engine.logs
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as Record<string, any>);

  it('logs JSON lines, each line of a request and of the jobs it caused carrying its request id', async () => {
    expect(() => lines()).not.toThrow();
    // The job's lines are written after its completion event; wait for the last one.
    await waitFor(() => lines().some((l) => l.request_id === extendRequestId && /recorded VolumeExtended/.test(l.msg)), 5000, () => engine.logs);
    const ofCreate = lines().filter((line) => line.request_id === createRequestId);
    expect(ofCreate).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ msg: 'request completed', route: '/v3/:project_id/volumes', status: 202, volume_id: volumeId }),
        expect.objectContaining({ job_name: 'create_volume', volume_id: volumeId, context: 'VolumeOperationsProcessor' }),
      ]),
    );
    const ofExtend = lines().filter((line) => line.request_id === extendRequestId);
    expect(ofExtend).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ msg: 'request completed', action: 'os-extend', status: 202, volume_id: volumeId }),
        expect.objectContaining({ job_name: 'extend_volume', volume_id: volumeId, msg: expect.stringMatching(/recorded VolumeExtended/) }),
      ]),
    );
    for (const line of [...ofCreate, ...ofExtend]) {
      expect(line).toMatchObject({ service: 'cinder-engine', level: expect.any(String), time: expect.any(String), volume_id: volumeId });
    }
  });

  it('serves every series at /metrics', async () => {
    await waitFor(async () => /cinder_stranded_volumes\{/.test(await (await fetch(`${base}/metrics`)).text()), 5000);
    const text = await (await fetch(`${base}/metrics`)).text();
    for (const series of [
      'cinder_http_requests_total{method="POST",route="/v3/:project_id/volumes/:volume_id/action",action="os-extend",status="202"} 1',
      'cinder_http_request_duration_seconds_bucket{le="+Inf",method="POST",route="/v3/:project_id/volumes",action="",status="202"} 1',
      'cinder_commands_total{command="CreateVolume",outcome="recorded"} 1',
      'cinder_command_duration_seconds_count{command="CreateVolume",outcome="recorded"} 1',
      'cinder_command_conflicts_total{command="CreateVolume"} 0',
      'cinder_command_retries_total{command="CreateVolume"} 0',
      'cinder_jobs_total{job="create_volume",outcome="succeeded"} 1',
      'cinder_jobs_total{job="extend_volume",outcome="succeeded"} 1',
      'cinder_job_duration_seconds_count{job="extend_volume",outcome="succeeded"} 1',
      'cinder_queue_jobs{queue="volume-operations",state="completed"} 2',
      'cinder_queue_jobs{queue="volume-operations",state="waiting"} 0',
      'cinder_projection_lag_events{projection="volume-views"} 0',
      'cinder_projection_lag_seconds{projection="volume-views"} 0',
      'cinder_stranded_volumes{waiting_for="job"} 0',
      'cinder_stranded_volumes{waiting_for="external"} 0',
    ]) {
      expect(text).toContain(series);
    }
    expect(text).toMatch(/^process_cpu_seconds_total /m);
  });

  it('traces the extend from the request through its events and the job to the completion event', async () => {
    const events = await log.eventsSince(volumeId, 0);
    const requested = events.find((e) => e.type === 'VolumeExtendRequested')!;
    const completed = events.find((e) => e.type === 'VolumeExtended')!;
    expect(requested.metadata.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
    const traceId = traceIdOf(requested.metadata.traceparent);
    expect(traceIdOf(completed.metadata.traceparent)).toBe(traceId);

    await waitFor(() => collector.spans.some((s) => s.traceId === traceId && s.name === 'job extend_volume'), 10000,
      () => JSON.stringify(collector.spans.map((s) => [s.traceId, s.name])));
    const names = collector.spans.filter((s) => s.traceId === traceId).map((s) => s.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'HTTP POST /v3/:project_id/volumes/:volume_id/action',
        'command ExtendVolume',
        'enqueue extend_volume',
        'job extend_volume',
        expect.stringMatching(/^command /),
      ]),
    );
    // One tree: every span but the request's has its parent in the trace.
    const ids = new Set(collector.spans.filter((s) => s.traceId === traceId).map((s) => s.spanId));
    const roots = collector.spans.filter((s) => s.traceId === traceId && !(s.parentSpanId && ids.has(s.parentSpanId)));
    expect(roots.map((s) => s.name)).toEqual(['HTTP POST /v3/:project_id/volumes/:volume_id/action']);
  });

  it('serves the OpenAPI document that docs/openapi.json holds (npm run docs:openapi regenerates it)', async () => {
    const served = await (await fetch(`${base}/openapi.json`)).json();
    const checkedIn = JSON.parse(await readFile(join(ROOT, 'docs/openapi.json'), 'utf8'));
    expect(served).toEqual(checkedIn);
    expect(Object.keys(served.paths)).toEqual(expect.arrayContaining(['/v3/{project_id}/volumes/{volume_id}/action', '/healthz', '/readyz', '/metrics']));
  });

  it('shows the queues to an identified admin only', async () => {
    expect((await fetch(`${base}/admin/queues`)).status).toBe(401);
    const page = await fetch(`${base}/admin/queues`, { headers: { 'X-Auth-Token': 'admin:opsproject' } });
    expect(page.status).toBe(200);
    const api = await fetch(`${base}/admin/queues/api/queues?activeQueue=volume-operations&page=1&jobsPerPage=10`, {
      headers: { 'X-Auth-Token': 'admin:opsproject' },
    });
    expect((await api.json()).queues.map((q: { name: string }) => q.name)).toEqual(expect.arrayContaining(['volume-operations', 'volume-commands']));
  });
});
