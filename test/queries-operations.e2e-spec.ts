import { engineEnv, startHttpEngine, waitFor, type EngineProcess } from './support/engine-process';
import { keystoneHeaders, PERSONAS } from './support/keystone';

const P = 'project-p';
const Q = 'project-q';

type Headers = Record<string, string>;

describe('the backend operations view and the projections endpoint', () => {
  let engine: EngineProcess;
  let base: string;
  const member = PERSONAS.member(P);
  const pAdmin = keystoneHeaders(P, ['admin', 'member', 'reader'], { user: 'p-admin' });
  const admin = PERSONAS.admin('admin-project');

  async function call(method: string, path: string, headers: Headers, body?: unknown) {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: { 'OpenStack-API-Version': 'volume 3.64', ...(body === undefined ? {} : { 'Content-Type': 'application/json' }), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, json: text ? JSON.parse(text) : null };
  }

  async function availableVolume(project: string) {
    const id = (await call('POST', `/v3/${project}/volumes`, PERSONAS.member(project), { volume: { size: 1 } })).json.volume.id as string;
    await waitFor(async () => (await call('GET', `/v3/${project}/volumes/${id}`, PERSONAS.member(project))).json.volume.status === 'available', 20000);
    return id;
  }

  const operationsOf = async (volumeId: string, headers = member) => (await call('GET', `/v3/${P}/volumes/${volumeId}/operations`, headers)).json.operations;

  beforeAll(async () => {
    const env = await engineEnv({
      AUTH_STRATEGY: 'keystone-headers',
      STORAGE_BACKEND: 'faulty-file',
      BACKEND_DELAYS: 'extend.before=1500',
      BACKEND_FAILURES: 'snapshot_create.before',
    });
    ({ engine } = await startHttpEngine('all-in-one', env));
    base = `http://127.0.0.1:${env.PORT}`;
    await waitFor(async () => (await call('GET', '/v3/admin-project/os-services', admin)).json?.services?.length === 1, 20000, () => engine.logs);
  });

  afterAll(async () => {
    await engine?.kill();
  });

  it('follows an operation from its request, through its job, to its end', async () => {
    const id = await availableVolume(P);
    expect((await call('POST', `/v3/${P}/volumes/${id}/action`, member, { 'os-extend': { new_size: 2 } })).status).toBe(202);

    const [running, create] = await operationsOf(id);
    expect(running).toMatchObject({
      type: 'extend_volume',
      state: 'running',
      volume_id: id,
      project_id: P,
      requested_by: member['X-User-Id'],
      finished_at: null,
      error: null,
      job: { id: expect.stringMatching(/^extend_volume-/) },
    });
    expect(running.progress).toBeGreaterThanOrEqual(0);
    expect(create).toMatchObject({ type: 'create_volume', state: 'succeeded', progress: 100, error: null });
    await waitFor(async () => (await operationsOf(id))[0].job.state === 'active', 10000);
    expect((await operationsOf(id))[0]).toMatchObject({ state: 'running', started_at: expect.stringMatching(/^\d{4}-/) });

    await waitFor(async () => (await operationsOf(id))[0].state !== 'running', 20000);
    expect((await operationsOf(id))[0]).toMatchObject({
      state: 'succeeded',
      progress: 100,
      finished_at: expect.stringMatching(/^\d{4}-/),
      job: { state: 'completed', attempts: 1 },
    });
  });

  it('says why an operation failed', async () => {
    const id = await availableVolume(P);
    const snapshot = (await call('POST', `/v3/${P}/snapshots`, member, { snapshot: { volume_id: id } })).json.snapshot.id;
    await waitFor(async () => (await operationsOf(id))[0].state === 'failed', 20000);
    expect((await operationsOf(id))[0]).toMatchObject({ type: 'create_snapshot', snapshot_id: snapshot, state: 'failed', error: expect.any(String) });
    expect((await operationsOf(id))[0].error.length).toBeGreaterThan(0);
  });

  it('shows an operation cut short by a force delete as cancelled', async () => {
    const id = await availableVolume(P);
    expect((await call('POST', `/v3/${P}/volumes/${id}/action`, member, { 'os-extend': { new_size: 3 } })).status).toBe(202);
    expect((await call('POST', `/v3/${P}/volumes/${id}/action`, pAdmin, { 'os-force_delete': {} })).status).toBe(202);

    const project = async (query = '') => (await call('GET', `/v3/${P}/operations?volume_id=${id}${query}`, member)).json.operations;
    const [forceDelete, extend] = await project();
    expect(forceDelete).toMatchObject({ type: 'force_delete_volume', requested_by: 'p-admin' });
    expect(extend).toMatchObject({ type: 'extend_volume', state: 'cancelled', error: 'Cancelled by VolumeForceDeleteRequested' });
    await waitFor(async () => (await project())[0].state === 'succeeded', 20000);
    // The volume is gone, its history of operations is not.
    expect((await call('GET', `/v3/${P}/volumes/${id}/operations`, member)).status).toBe(404);
    expect((await project('&state=cancelled')).map((o: { type: string }) => o.type)).toEqual(['extend_volume']);
  });

  it('lists a project\'s operations newest first, paged; all projects\' for an admin with all_tenants only', async () => {
    await availableVolume(Q);
    const mine = (await call('GET', `/v3/${P}/operations`, member)).json.operations;
    expect(mine.every((o: { project_id: string }) => o.project_id === P)).toBe(true);
    expect(mine.map((o: { requested_at: string }) => o.requested_at)).toEqual([...mine.map((o: { requested_at: string }) => o.requested_at)].sort().reverse());
    const page = await call('GET', `/v3/${P}/operations?limit=2`, member);
    expect(page.json.operations).toEqual(mine.slice(0, 2).map((o: object) => expect.objectContaining({ id: (o as { id: string }).id })));
    const next = page.json.operations_links[0].href as string;
    expect((await call('GET', next.slice(base.length), member)).json.operations[0].id).toBe(mine[2].id);

    const all = (await call('GET', '/v3/admin-project/operations?all_tenants=1&type=create_volume', admin)).json.operations;
    expect(new Set(all.map((o: { project_id: string }) => o.project_id))).toEqual(new Set([P, Q]));
    expect((await call('GET', `/v3/${Q}/operations?all_tenants=1`, PERSONAS.member(Q))).json.operations.every((o: { project_id: string }) => o.project_id === Q)).toBe(true);
    const theirs = mine[0].volume_id;
    expect((await call('GET', `/v3/${Q}/volumes/${theirs}/operations`, PERSONAS.member(Q))).status).toBe(404);
  });

  it('reports each projection\'s checkpoint, lag and rate to admins', async () => {
    // Jobs of the tests before may still be recording their results.
    await waitFor(async () => (await call('GET', '/v3/admin-project/projections', admin)).json.projections[0].lag_events === 0, 10000);
    const res = await call('GET', '/v3/admin-project/projections', admin);
    expect(res.status).toBe(200);
    const [volumes] = res.json.projections;
    expect(volumes).toMatchObject({
      name: 'volumes',
      read_models: ['volume views', 'volume lists', 'snapshots', 'backend operations'],
      lag_exact: true,
      projectors: [expect.objectContaining({ instance: expect.any(String), handled: expect.any(Number) })],
    });
    expect(volumes.checkpoint).toBe(volumes.head);
    expect(volumes.lag_events).toBe(0);
    expect(volumes.documents.operations).toBeGreaterThanOrEqual(8);
    expect((await call('GET', `/v3/${P}/projections`, member)).json).toEqual({
      forbidden: { code: 403, message: "Policy doesn't allow engine:projections:get to be performed." },
    });
  });
});
