import { engineEnv, startHttpEngine, waitFor, type EngineProcess } from './support/engine-process';
import { PERSONAS } from './support/keystone';

const P = 'project-p';
const Q = 'project-q';

describe('GET /v3/{project_id}/volumes/{volume_id}/events (keystone-headers mode)', () => {
  let engine: EngineProcess;
  let base: string;
  let id: string;

  const get = async (path: string, headers: Record<string, string>) => {
    const response = await fetch(path.startsWith('http') ? path : `${base}${path}`, { headers });
    return { status: response.status, json: (await response.json()) as any };
  };

  beforeAll(async () => {
    const started = await startHttpEngine('all-in-one', await engineEnv({ AUTH_STRATEGY: 'keystone-headers' }));
    engine = started.engine;
    base = started.base;
    const owner = { ...PERSONAS.member(P), 'Content-Type': 'application/json' };
    const created = await fetch(`${base}/v3/${P}/volumes`, { method: 'POST', headers: owner, body: JSON.stringify({ volume: { size: 1 } }) });
    id = ((await created.json()) as any).volume.id;
    const status = async () => (await get(`/v3/${P}/volumes/${id}`, owner)).json.volume.status;
    await waitFor(async () => (await status()) === 'available', 20000);
    await fetch(`${base}/v3/${P}/volumes/${id}/action`, { method: 'POST', headers: owner, body: JSON.stringify({ 'os-extend': { new_size: 2 } }) });
    await waitFor(async () => (await get(`/v3/${P}/volumes/${id}`, owner)).json.volume.size === 2, 20000);
  });

  afterAll(async () => {
    await engine?.kill();
  });

  it('gives the owner its volume\'s history, page by page, following Cinder-style next links', async () => {
    const seen: any[] = [];
    let next: string | undefined = `/v3/${P}/volumes/${id}/events?limit=3`;
    while (next) {
      const page = await get(next, PERSONAS.member(P));
      expect(page.status).toBe(200);
      expect(page.json.events.length).toBeLessThanOrEqual(3);
      seen.push(...page.json.events);
      next = page.json.events_links?.find((l: { rel: string }) => l.rel === 'next')?.href;
      if (next) expect(next).toMatch(new RegExp(`^${base}/v3/${P}/volumes/${id}/events\\?limit=3&marker=[0-9a-f-]{36}$`));
    }
    expect(seen.map((e) => [e.revision, e.type, e.status_before, e.status_after])).toEqual([
      [0, 'VolumeCreateRequested', null, 'creating'],
      [1, 'VolumeCreated', 'creating', 'available'],
      [2, 'VolumeExtendRequested', 'available', 'extending'],
      [3, 'VolumeExtended', 'extending', 'available'],
    ]);
    expect(seen[0].metadata.actor).toMatchObject({ user_id: `member-of-${P}`, project_id: P, service: false });
    expect(seen[2].data).toMatchObject({ new_size: 2 });
  });

  it('hides it from another project as not found', async () => {
    const res = await get(`/v3/${Q}/volumes/${id}/events`, PERSONAS.member(Q));
    expect(res).toEqual({ status: 404, json: { itemNotFound: { code: 404, message: `Volume ${id} could not be found.` } } });
  });

  it('shows it to an admin of any project', async () => {
    const res = await get(`/v3/admin-project/volumes/${id}/events`, PERSONAS.admin());
    expect(res.status).toBe(200);
    expect(res.json.events).toHaveLength(4);
    expect(res.json.events_links).toBeUndefined();
  });

  it('refuses a bad limit and an unknown marker as Cinder does', async () => {
    expect(await get(`/v3/${P}/volumes/${id}/events?limit=x`, PERSONAS.member(P))).toEqual({
      status: 400,
      json: { badRequest: { code: 400, message: 'limit param must be an integer' } },
    });
    expect((await get(`/v3/${P}/volumes/${id}/events?marker=nope`, PERSONAS.member(P))).status).toBe(404);
  });
});
