import { engineEnv, startHttpEngine, waitFor, type EngineProcess } from './support/engine-process';
import { keystoneHeaders, PERSONAS } from './support/keystone';

const P = 'project-p';
const Q = 'project-q';

type Headers = Record<string, string>;

interface StreamMessage {
  event: string;
  data: any;
}

/** A live console stream as a browser reads it: the server-sent events so far, parsed. */
class ConsoleStream {
  readonly messages: StreamMessage[] = [];
  private readonly abort = new AbortController();
  status = 0;
  contentType: string | null = null;
  ended = false;

  static async open(base: string, headers: Headers) {
    const stream = new ConsoleStream();
    const response = await fetch(`${base}/v3/console/stream`, { headers, signal: stream.abort.signal });
    stream.status = response.status;
    stream.contentType = response.headers.get('content-type');
    if (response.ok) void stream.read(response.body!);
    else stream.messages.push({ event: 'fault', data: await response.json() });
    return stream;
  }

  private async read(body: ReadableStream<Uint8Array>) {
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event = /^event: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (event && data) this.messages.push({ event, data: JSON.parse(data) });
        }
      }
    } catch {
      // closed by the test
    } finally {
      this.ended = true;
    }
  }

  of(event: string) {
    return this.messages.filter((m) => m.event === event).map((m) => m.data);
  }

  close() {
    this.abort.abort();
  }
}

describe('the console\'s API: session, volume table, time travel, throughput and the live stream', () => {
  let engine: EngineProcess;
  let base: string;
  const admin = PERSONAS.admin('admin-project');
  const member = PERSONAS.member(P);
  const outsider = PERSONAS.member(Q);
  let volumeId: string;
  let adminStream: ConsoleStream;
  let outsiderStream: ConsoleStream;

  async function call(method: string, path: string, headers: Headers, body?: unknown) {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: { 'OpenStack-API-Version': 'volume 3.64', ...(body === undefined ? {} : { 'Content-Type': 'application/json' }), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, json: text ? JSON.parse(text) : null };
  }

  const statusOf = async (id: string) => (await call('GET', `/v3/${P}/volumes/${id}`, member)).json.volume;

  beforeAll(async () => {
    const env = await engineEnv({ AUTH_STRATEGY: 'keystone-headers', STORAGE_BACKEND: 'faulty-file', BACKEND_DELAYS: 'extend.before=1500', STUCK_AFTER_MS: '60000' });
    ({ engine } = await startHttpEngine('all-in-one', env));
    base = `http://127.0.0.1:${env.PORT}`;
    await waitFor(async () => (await call('GET', '/v3/admin-project/os-services', admin)).json?.services?.length === 1, 20000, () => engine.logs);

    adminStream = await ConsoleStream.open(base, admin);
    outsiderStream = await ConsoleStream.open(base, outsider);
    await waitFor(() => adminStream.of('ready').length === 1 && outsiderStream.of('ready').length === 1, 5000);

    volumeId = (await call('POST', `/v3/${P}/volumes`, member, { volume: { size: 1, name: 'watched' } })).json.volume.id;
    await waitFor(async () => (await statusOf(volumeId)).status === 'available', 20000);
    expect((await call('POST', `/v3/${P}/volumes/${volumeId}/action`, member, { 'os-extend': { new_size: 2 } })).status).toBe(202);
    await waitFor(async () => (await statusOf(volumeId)).size === 2, 20000);
    await waitFor(() => adminStream.of('volume').some((m) => m.volume_id === volumeId && m.revision === 3), 10000, () => JSON.stringify(adminStream.messages));
  });

  afterAll(async () => {
    adminStream?.close();
    outsiderStream?.close();
    await engine?.kill();
  });

  it('says who the caller is', async () => {
    expect(await call('GET', '/v3/console/session', member)).toEqual({
      status: 200,
      json: { session: { user_id: member['X-User-Id'], project_id: P, roles: ['member', 'reader'], is_admin: false, auth_strategy: 'keystone-headers', stuck_after_ms: 60000 } },
    });
    expect((await call('GET', '/v3/console/session', admin)).json.session).toMatchObject({ is_admin: true, project_id: 'admin-project' });
    expect((await call('GET', `/v3/${Q}/console/session`, member)).status).toBe(400);
    expect((await fetch(`${base}/v3/console/session`)).status).toBe(401);
  });

  it('streams each stored change of the volume, in order, to whoever may see it', () => {
    expect(adminStream.status).toBe(200);
    expect(adminStream.contentType).toBe('text/event-stream; charset=utf-8');
    expect(adminStream.of('ready')[0].session).toMatchObject({ user_id: admin['X-User-Id'], is_admin: true });
    const changes = adminStream.of('volume').filter((m) => m.volume_id === volumeId);
    expect(changes.map((m) => [m.revision, m.event_type, m.volume.status, m.volume.size])).toEqual([
      [0, 'VolumeCreateRequested', 'creating', 1],
      [1, 'VolumeCreated', 'available', 1],
      [2, 'VolumeExtendRequested', 'extending', 1],
      [3, 'VolumeExtended', 'available', 2],
    ]);
    expect(changes[2].volume).toMatchObject({ project_id: P, name: 'watched', waiting_for: 'job', stranded: false, host: expect.stringContaining('#') });
  });

  it('streams the operations with their ends', () => {
    const extend = adminStream.of('operation').filter((o) => o.volume_id === volumeId && o.type === 'extend_volume');
    expect(extend[0]).toMatchObject({ state: 'running', project_id: P });
    expect(extend[extend.length - 1]).toMatchObject({ state: 'succeeded', progress: 100 });
  });

  it('streams a throughput sample every second', async () => {
    await waitFor(() => adminStream.of('throughput').length >= 2, 5000);
    const samples = adminStream.of('throughput');
    // The second before the stream opened may predate the first lag reading; later ones have one.
    expect(samples[samples.length - 1]).toEqual({ at: expect.any(String), commands_per_second: expect.any(Number), jobs_per_second: expect.any(Number), projection_lag_events: expect.any(Number) });
    expect(Date.parse(samples[1].at) - Date.parse(samples[0].at)).toBe(1000);
  });

  it('tells a member of another project nothing about it', () => {
    expect(outsiderStream.of('volume')).toEqual([]);
    expect(outsiderStream.of('operation')).toEqual([]);
    // Their own (empty) project's throughput, all the same.
    expect(outsiderStream.of('throughput').every((s) => s.commands_per_second === 0 && s.jobs_per_second === 0)).toBe(true);
  });

  it('lists the volume table with counts per status and the values of each filter', async () => {
    const other = (await call('POST', `/v3/${Q}/volumes`, outsider, { volume: { size: 1 } })).json.volume.id as string;
    await waitFor(async () => (await call('GET', `/v3/${Q}/volumes/${other}`, outsider)).json.volume.status === 'available', 20000);

    const all = (await call('GET', '/v3/console/volumes', admin)).json;
    expect(all.volumes.map((v: { id: string }) => v.id).sort()).toEqual([volumeId, other].sort());
    expect(all).toMatchObject({ counts: { available: 2 }, total: 2, truncated: false });
    expect(all.facets).toEqual({ projects: [P, Q].sort(), hosts: [expect.stringContaining('#')], volume_types: ['__DEFAULT__'] });

    const ofP = (await call('GET', `/v3/console/volumes?project_id=${P}&status=available`, admin)).json;
    expect(ofP.volumes).toEqual([
      { id: volumeId, name: 'watched', project_id: P, status: 'available', size: 2, host: expect.any(String), volume_type: '__DEFAULT__', attach_status: 'detached', updated_at: expect.stringMatching(/Z$/), revision: 3, waiting_for: null, stranded: false },
    ]);
    expect((await call('GET', '/v3/console/volumes?status=error', admin)).json).toMatchObject({ volumes: [], counts: { available: 2 }, total: 0 });

    const mine = (await call('GET', '/v3/console/volumes', member)).json;
    expect(mine.volumes.map((v: { id: string; host: string | null }) => [v.id, v.host])).toEqual([[volumeId, null]]);
    expect(mine.facets.projects).toEqual([P]);
    // A member's project filter cannot reach another project.
    expect((await call('GET', `/v3/console/volumes?project_id=${P}`, outsider)).json.volumes).toEqual([]);
  });

  it('answers the volume as it was at any revision or time (time travel), as the CLI does', async () => {
    const at = async (value: string, headers = member) => call('GET', `/v3/${P}/volumes/${volumeId}/state?at=${encodeURIComponent(value)}`, headers);
    const events = (await call('GET', `/v3/${P}/volumes/${volumeId}/events`, member)).json.events;
    expect(events.map((e: { type: string }) => e.type)).toEqual(['VolumeCreateRequested', 'VolumeCreated', 'VolumeExtendRequested', 'VolumeExtended']);

    const creating = await at('0');
    expect(creating.status).toBe(200);
    expect(creating.json).toMatchObject({ volume: { id: volumeId, status: 'creating', size: 1, name: 'watched' }, revision: 0, recorded_at: events[0].recorded_at });
    expect((await at('2')).json.volume).toMatchObject({ status: 'extending', size: 1 });
    expect((await at(events[3].recorded_at)).json).toMatchObject({ volume: { status: 'available', size: 2 }, revision: 3 });
    // The same representation as GET of the volume answers now.
    expect((await at('3')).json.volume).toEqual((await call('GET', `/v3/${P}/volumes/${volumeId}`, member)).json.volume);

    expect(await at('9')).toEqual({ status: 404, json: { itemNotFound: { code: 404, message: `Volume ${volumeId} has no revision 9; its last is 3.` } } });
    expect(await at('2000-01-01T00:00:00Z')).toEqual({ status: 404, json: { itemNotFound: { code: 404, message: `Volume ${volumeId} did not exist yet at 2000-01-01T00:00:00Z.` } } });
    expect((await at('soon')).json).toEqual({ badRequest: { code: 400, message: 'Invalid at soon: give a revision (0 or more) or an ISO 8601 time such as 2026-11-27T10:00:00Z.' } });
    expect(await call('GET', `/v3/volumes/${volumeId}/state?at=1`, outsider)).toEqual({ status: 404, json: { itemNotFound: { code: 404, message: `Volume ${volumeId} could not be found.` } } });
  });

  it('keeps commands and jobs per second, and the projection lag, over the last minutes', async () => {
    const read = async () => (await call('GET', '/v3/console/throughput?seconds=120', admin)).json.throughput.samples as Array<Record<string, number | null>>;
    const sum = (samples: Array<Record<string, number | null>>, key: string) => samples.reduce((total, s) => total + (s[key] as number), 0);
    // Two creates and one extend were commands; their jobs were done by the engine. Samples cover
    // whole seconds only: the last create may still be in the second under way.
    let samples = await read();
    await waitFor(async () => ((samples = await read()), sum(samples, 'jobs_per_second') === 3), 3000, () => JSON.stringify(samples.filter((s) => s.commands_per_second || s.jobs_per_second)));
    expect(samples).toHaveLength(120);
    expect(sum(samples, 'commands_per_second')).toBe(3);
    expect(samples.some((s) => s.projection_lag_events === 0)).toBe(true);
    const outsiders = (await call('GET', '/v3/console/throughput?seconds=120', outsider)).json.throughput.samples as Array<Record<string, number>>;
    expect(outsiders.reduce((t, s) => t + s.commands_per_second, 0)).toBe(1);
    expect((await call('GET', '/v3/console/throughput?seconds=0', admin)).json).toEqual({
      badRequest: { code: 400, message: 'Invalid seconds 0: give a whole number of seconds from 1 to 600.' },
    });
  });

  it('needs the same identity and policy as the API', async () => {
    const noRoles = keystoneHeaders(P, ['nothing']);
    for (const path of ['/v3/console/volumes', '/v3/console/throughput', '/v3/console/stream']) {
      expect(await call('GET', path, noRoles)).toEqual({ status: 403, json: { forbidden: { code: 403, message: "Policy doesn't allow volume:get_all to be performed." } } });
      expect((await fetch(`${base}${path}`)).status).toBe(401);
    }
  });

  it('ends its streams when the engine stops, so they do not hold the shutdown', async () => {
    expect(adminStream.ended).toBe(false);
    const started = Date.now();
    await engine.kill('SIGTERM', 15000);
    // Stopped by its own shutdown (Nest re-raises the signal once closed), not killed after the grace.
    expect(engine.child.signalCode).toBe('SIGTERM');
    expect(Date.now() - started).toBeLessThan(10000);
    await waitFor(() => adminStream.ended && outsiderStream.ended, 2000);
  });
});
