import { engineEnv, startHttpEngine, waitFor, type EngineProcess } from './support/engine-process';
import { PERSONAS } from './support/keystone';

const P = 'project-p';
const Q = 'project-q';

type Headers = Record<string, string>;

describe('the snapshot queries over the read model (keystone-headers mode)', () => {
  let engine: EngineProcess;
  let base: string;
  const member = PERSONAS.member(P);
  const admin = PERSONAS.admin('admin-project');
  let volume: string;
  let other: string;
  const snapshots: string[] = [];

  async function call(method: string, path: string, headers: Headers, body?: unknown, version = '3.64') {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: { 'OpenStack-API-Version': `volume ${version}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, json: text ? JSON.parse(text) : null };
  }

  async function availableVolume(project: string, name: string) {
    const res = await call('POST', `/v3/${project}/volumes`, PERSONAS.member(project), { volume: { size: 2, name } });
    const id = res.json.volume.id as string;
    await waitFor(async () => (await call('GET', `/v3/${project}/volumes/${id}`, PERSONAS.member(project))).json.volume.status === 'available', 20000);
    return id;
  }

  async function snapshot(project: string, volumeId: string, name: string) {
    const res = await call('POST', `/v3/${project}/snapshots`, PERSONAS.member(project), { snapshot: { volume_id: volumeId, name } });
    if (res.status !== 202) throw new Error(`snapshot: ${res.status} ${JSON.stringify(res.json)}`);
    return res.json.snapshot.id as string;
  }

  const statusOf = async (id: string) => (await call('GET', `/v3/${P}/snapshots/${id}`, member)).json?.snapshot?.status;

  beforeAll(async () => {
    const env = await engineEnv({ AUTH_STRATEGY: 'keystone-headers' });
    ({ engine } = await startHttpEngine('all-in-one', env));
    base = `http://127.0.0.1:${env.PORT}`;
    await waitFor(async () => (await call('GET', '/v3/admin-project/os-services', admin)).json?.services?.length === 1, 20000, () => engine.logs);
    volume = await availableVolume(P, 'with-snapshots');
    other = await availableVolume(Q, 'elsewhere');
    for (const name of ['snap-a', 'snap-b', 'snap-c']) snapshots.push(await snapshot(P, volume, name));
    await snapshot(Q, other, 'snap-q');
    for (const id of snapshots) await waitFor(async () => (await statusOf(id)) === 'available', 20000);
  });

  afterAll(async () => {
    await engine?.kill();
  });

  it('shows a snapshot as Cinder does, with user_id (3.41) and the extended attributes for those allowed', async () => {
    const res = await call('GET', `/v3/${P}/snapshots/${snapshots[0]}`, member);
    expect(res.status).toBe(200);
    expect(res.json.snapshot).toEqual({
      id: snapshots[0],
      created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}$/),
      updated_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}$/),
      name: 'snap-a',
      description: null,
      volume_id: volume,
      status: 'available',
      size: 2,
      metadata: {},
      group_snapshot_id: null,
      user_id: member['X-User-Id'],
      'os-extended-snapshot-attributes:project_id': P,
      'os-extended-snapshot-attributes:progress': '100%',
    });
    expect((await call('GET', `/v3/${P}/snapshots/${snapshots[0]}`, member, undefined, '3.65')).json.snapshot.consumes_quota).toBe(true);
    const old = await call('GET', `/v3/${P}/snapshots/${snapshots[0]}`, member, undefined, '3.13');
    expect(Object.keys(old.json.snapshot)).not.toContain('user_id');
    expect(Object.keys(old.json.snapshot)).not.toContain('group_snapshot_id');
  });

  it('answers Cinder\'s 404 for an unknown snapshot and for another project\'s', async () => {
    const missing = '00000000-0000-4000-8000-000000000000';
    expect((await call('GET', `/v3/${P}/snapshots/${missing}`, member)).json).toEqual({
      itemNotFound: { code: 404, message: `Snapshot ${missing} could not be found.` },
    });
    const theirs = (await call('GET', `/v3/${Q}/snapshots`, PERSONAS.member(Q))).json.snapshots[0].id;
    expect((await call('GET', `/v3/${P}/snapshots/${theirs}`, member)).status).toBe(404);
    expect((await call('GET', `/v3/admin-project/snapshots/${theirs}`, admin)).status).toBe(200);
  });

  it('lists the project\'s snapshots newest first: the summary without, the detail with the extra fields', async () => {
    const index = await call('GET', `/v3/${P}/snapshots`, member);
    expect(index.json.snapshots.map((s: { name: string }) => s.name)).toEqual(['snap-c', 'snap-b', 'snap-a']);
    expect(Object.keys(index.json.snapshots[0])).toEqual(['id', 'created_at', 'updated_at', 'name', 'description', 'volume_id', 'status', 'size', 'metadata']);
    const detail = await call('GET', `/v3/${P}/snapshots/detail`, member);
    expect(detail.json.snapshots[2]).toEqual((await call('GET', `/v3/${P}/snapshots/${snapshots[0]}`, member)).json.snapshot);
  });

  it('filters, sorts and pages snapshots, Cinder\'s way', async () => {
    const names = async (query: string, headers = member) =>
      (await call('GET', `/v3/${P}/snapshots?${query}`, headers)).json.snapshots?.map((s: { name: string }) => s.name);
    expect(await names('name=snap-b')).toEqual(['snap-b']);
    expect(await names(`volume_id=${volume}&status=available`)).toHaveLength(3);
    expect(await names('status=error')).toEqual([]);
    expect(await names('sort=name:asc')).toEqual(['snap-a', 'snap-b', 'snap-c']);
    const page = await call('GET', `/v3/${P}/snapshots?limit=2&with_count=true`, member);
    expect(page.json.count).toBe(3);
    expect(page.json.snapshots_links[0].href).toBe(`${base}/v3/${P}/snapshots?limit=2&with_count=true&marker=${snapshots[1]}`);
    const next = await call('GET', `/v3/${P}/snapshots?limit=2&marker=${snapshots[1]}`, member);
    expect(next.json.snapshots.map((s: { id: string }) => s.id)).toEqual([snapshots[0]]);
    expect((await call('GET', `/v3/${P}/snapshots?host=x`, member)).json.badRequest.message).toBe('Invalid filters host are found in query options.');
  });

  it('lists every project\'s snapshots for an admin with all_tenants, and only then', async () => {
    const all = await call('GET', '/v3/admin-project/snapshots?all_tenants=1', admin);
    expect(all.json.snapshots.map((s: { name: string }) => s.name).sort()).toEqual(['snap-a', 'snap-b', 'snap-c', 'snap-q']);
    expect((await call('GET', '/v3/admin-project/snapshots', admin)).json.snapshots).toEqual([]);
  });

  it('sees a new snapshot and a deleted one at once (read-your-writes), and forgets a volume\'s snapshots with it', async () => {
    const fresh = await snapshot(P, volume, 'snap-new');
    const listed = await call('GET', `/v3/${P}/snapshots?name=snap-new`, member);
    expect(listed.json.snapshots).toEqual([expect.objectContaining({ id: fresh, status: expect.stringMatching(/creating|available/) })]);
    expect((await call('GET', `/v3/${P}/snapshots/${fresh}`, member)).status).toBe(200);

    await waitFor(async () => (await statusOf(fresh)) === 'available', 20000);
    expect((await call('DELETE', `/v3/${P}/snapshots/${fresh}`, member)).status).toBe(202);
    // Read-your-writes: never the status from before the delete.
    expect(['deleting', undefined]).toContain(await statusOf(fresh));
    await waitFor(async () => (await call('GET', `/v3/${P}/snapshots/${fresh}`, member)).status === 404, 20000);
    expect((await call('GET', `/v3/${P}/snapshots?name=snap-new`, member)).json.snapshots).toEqual([]);

    expect((await call('DELETE', `/v3/${P}/volumes/${volume}?cascade=true`, member)).status).toBe(202);
    await waitFor(async () => (await call('GET', `/v3/${P}/snapshots`, member)).json.snapshots.length === 0, 20000);
    expect((await call('GET', `/v3/${P}/snapshots/${snapshots[0]}`, member)).status).toBe(404);
    expect((await call('GET', `/v3/${P}/volumes`, member)).json.volumes).toEqual([]);
  });
});
