import { engineEnv, startHttpEngine, waitFor, type EngineProcess } from './support/engine-process';
import { keystoneHeaders, PERSONAS } from './support/keystone';

const P = 'project-p';
const Q = 'project-q';
const ADMIN_PROJECT = 'admin-project';

type Headers = Record<string, string>;

/** A gateway in keystone-headers mode: each call names its persona and microversion. */
class Api {
  constructor(readonly base: string) {}

  async call(method: string, path: string, headers: Headers, body?: unknown, version = '3.64') {
    const response = await fetch(`${this.base}${path}`, {
      method,
      headers: { 'OpenStack-API-Version': `volume ${version}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, headers: response.headers, json: text ? JSON.parse(text) : null };
  }

  get(path: string, headers: Headers, version?: string) {
    return this.call('GET', path, headers, undefined, version);
  }

  async create(project: string, volume: object, headers = PERSONAS.member(project)) {
    const res = await this.call('POST', `/v3/${project}/volumes`, headers, { volume: { size: 1, ...volume } });
    if (res.status !== 202) throw new Error(`create: ${res.status} ${JSON.stringify(res.json)}`);
    return res.json.volume as { id: string; created_at: string; [key: string]: unknown };
  }

  /** Every page of a list, following `volumes_links`. */
  async allPages(path: string, headers: Headers, key = 'volumes') {
    const pages: string[][] = [];
    let next: string | null = `${this.base}${path}`;
    while (next) {
      const res = await this.get(next.slice(this.base.length), headers);
      expect(res.status).toBe(200);
      pages.push(res.json[key].map((v: { id: string }) => v.id));
      next = res.json[`${key}_links`]?.[0]?.href ?? null;
      if (pages.length > 100) throw new Error('too many pages');
    }
    return pages;
  }
}

const ids = (res: { json: { volumes: Array<{ id: string }> } }) => res.json.volumes.map((v) => v.id);

describe('the volume list API over the read model (keystone-headers mode)', () => {
  let engine: EngineProcess;
  let api: Api;
  const member = PERSONAS.member(P);
  const reader = PERSONAS.reader(P);
  const admin = PERSONAS.admin(ADMIN_PROJECT);
  /** P's volumes, oldest first. */
  const created: Array<{ id: string; name: string; size: number }> = [];

  beforeAll(async () => {
    const env = await engineEnv({ AUTH_STRATEGY: 'keystone-headers' });
    ({ engine } = await startHttpEngine('all-in-one', env));
    api = new Api(`http://127.0.0.1:${env.PORT}`);
    // Until the worker reports its pool, the scheduler has nowhere to place a volume.
    await waitFor(async () => (await api.get(`/v3/${ADMIN_PROJECT}/os-services`, admin)).json?.services?.length === 1, 20000, () => engine.logs);
    const specs = [
      { name: 'alpha', size: 3, metadata: { tier: 'gold' } },
      { name: 'bravo', size: 1, metadata: { tier: 'silver' } },
      { name: 'charlie', size: 2, metadata: {} },
      { name: 'delta', size: 1, metadata: { tier: 'gold', zone: 'a' } },
      { name: 'echo', size: 5, metadata: {} },
    ];
    for (const spec of specs) {
      const volume = await api.create(P, spec);
      created.push({ id: volume.id, name: spec.name, size: spec.size });
    }
    await api.create(Q, { name: 'q-only' });
    await waitFor(async () => {
      const res = await api.get(`/v3/${P}/volumes/detail?status=available`, member);
      return res.json?.volumes?.length === specs.length;
    }, 20000);
  });

  afterAll(async () => {
    await engine?.kill();
  });

  it('lists the project\'s volumes newest first, in the summary view: id, name, links', async () => {
    const res = await api.get(`/v3/${P}/volumes`, reader);
    expect(res.status).toBe(200);
    expect(res.json.volumes.map((v: { name: string }) => v.name)).toEqual(['echo', 'delta', 'charlie', 'bravo', 'alpha']);
    expect(Object.keys(res.json.volumes[0])).toEqual(['id', 'name', 'links']);
    expect(res.json.volumes[0].links[0]).toEqual({ rel: 'self', href: `${api.base}/v3/${P}/volumes/${created[4].id}` });
    expect(res.json.volumes_links).toBeUndefined();
    expect(res.headers.get('x-read-model-fresh')).toBeNull();
  });

  it('answers /volumes/detail with exactly what GET /volumes/{id} shows, for members and admins alike', async () => {
    for (const headers of [member, keystoneHeaders(P, ['admin', 'member', 'reader'])]) {
      const list = await api.get(`/v3/${P}/volumes/detail`, headers);
      for (const volume of list.json.volumes) {
        const shown = await api.get(`/v3/${P}/volumes/${volume.id}`, headers);
        expect(volume).toEqual(shown.json.volume);
      }
    }
  });

  it('shows the admin-only fields to admins only', async () => {
    const asMember = (await api.get(`/v3/${P}/volumes/detail`, member)).json.volumes[0];
    const asAdmin = (await api.get(`/v3/${ADMIN_PROJECT}/volumes/detail?all_tenants=1`, admin)).json.volumes.find((v: { id: string }) => v.id === asMember.id);
    for (const field of ['os-vol-host-attr:host', 'os-vol-mig-status-attr:migstat', 'migration_status']) {
      expect(asMember).not.toHaveProperty([field]);
      expect(asAdmin).toHaveProperty([field]);
    }
    expect(asAdmin['os-vol-host-attr:host']).toBe('engine@file#default');
    expect(asMember['os-vol-tenant-attr:tenant_id']).toBe(P);
  });

  it('filters by name, status, size and metadata', async () => {
    const names = async (query: string) => (await api.get(`/v3/${P}/volumes?${query}`, member)).json.volumes.map((v: { name: string }) => v.name);
    expect(await names('name=charlie')).toEqual(['charlie']);
    expect(await names('size=1')).toEqual(['delta', 'bravo']);
    expect(await names(`metadata=${encodeURIComponent("{'tier': 'gold'}")}`)).toEqual(['delta', 'alpha']);
    expect(await names(`metadata=${encodeURIComponent("{'tier': 'gold', 'zone': 'a'}")}`)).toEqual(['delta']);
    expect(await names('status=available&bootable=false')).toHaveLength(5);
    expect(await names('status=error')).toEqual([]);
  });

  it('refuses filters the resource filter configuration does not allow a non-admin (3.31+), like filters included', async () => {
    const res = await api.get(`/v3/${P}/volumes?name~=ha`, member);
    expect(res.status).toBe(400);
    expect(res.json).toEqual({ badRequest: { code: 400, message: 'Invalid filters name~ are found in query options.' } });
    // Before 3.31 Cinder dropped them silently.
    expect(ids(await api.get(`/v3/${P}/volumes?host=nowhere`, member, '3.30'))).toHaveLength(5);
  });

  it('lets an admin filter with LIKE (3.34) and on any attribute', async () => {
    const names = async (query: string) =>
      (await api.get(`/v3/${ADMIN_PROJECT}/volumes?all_tenants=1&${query}`, admin)).json.volumes.map((v: { name: string }) => v.name);
    expect(await names('name~=HA')).toEqual(['charlie', 'alpha']);
    expect(await names(`project_id=${Q}`)).toEqual(['q-only']);
    expect(await names('no_such_attribute=1')).toEqual([]);
  });

  it('sorts by any attribute, Cinder\'s two ways, ties broken by created_at and id', async () => {
    const names = async (query: string) => (await api.get(`/v3/${P}/volumes?${query}`, member)).json.volumes.map((v: { name: string }) => v.name);
    expect(await names('sort=size:asc,name:desc')).toEqual(['delta', 'bravo', 'charlie', 'alpha', 'echo']);
    expect(await names('sort_key=name&sort_dir=asc')).toEqual(['alpha', 'bravo', 'charlie', 'delta', 'echo']);
    expect(await names('sort=created_at:asc')).toEqual(['alpha', 'bravo', 'charlie', 'delta', 'echo']);
    const bad = await api.get(`/v3/${P}/volumes?sort=colour`, member);
    expect(bad.json).toEqual({ badRequest: { code: 400, message: 'Invalid input received: Invalid sort key' } });
  });

  it('pages with limit and marker, linking each page to the next, in any order', async () => {
    expect(await api.allPages(`/v3/${P}/volumes/detail?limit=2`, member)).toEqual([
      [created[4].id, created[3].id],
      [created[2].id, created[1].id],
      [created[0].id],
    ]);
    const bySize = (await api.allPages(`/v3/${P}/volumes?limit=2&sort=size:asc`, member)).flat();
    expect(bySize).toEqual([created[1].id, created[3].id, created[2].id, created[0].id, created[4].id]);
    const first = await api.get(`/v3/${P}/volumes?limit=2&sort=name:asc`, member);
    expect(first.json.volumes_links).toEqual([{ rel: 'next', href: `${api.base}/v3/${P}/volumes?limit=2&sort=name%3Aasc&marker=${created[1].id}` }]);
  });

  it('counts every match with with_count (3.45+), and answers Cinder\'s 404 for a marker it cannot see', async () => {
    const res = await api.get(`/v3/${P}/volumes?limit=1&with_count=true`, member);
    expect(res.json.count).toBe(5);
    expect(res.json.volumes).toHaveLength(1);
    const qVolume = (await api.get(`/v3/${Q}/volumes`, PERSONAS.member(Q))).json.volumes[0].id;
    const foreign = await api.get(`/v3/${P}/volumes?marker=${qVolume}`, member);
    expect(foreign.json).toEqual({ itemNotFound: { code: 404, message: `Volume ${qVolume} could not be found.` } });
  });

  it('lists all projects for an admin with all_tenants only; a non-admin\'s all_tenants is ignored', async () => {
    const everything = ids(await api.get(`/v3/${ADMIN_PROJECT}/volumes?all_tenants=1`, admin));
    expect(everything).toHaveLength(6);
    expect(ids(await api.get(`/v3/${ADMIN_PROJECT}/volumes`, admin))).toEqual([]);
    expect(ids(await api.get(`/v3/${P}/volumes?all_tenants=1`, member))).toEqual(created.map((v) => v.id).reverse());
    expect(ids(await api.get(`/v3/${Q}/volumes?all_tenants=true`, PERSONAS.member(Q)))).toHaveLength(1);
  });

  it('keeps another project\'s volumes and policy in Cinder\'s order', async () => {
    expect((await api.get(`/v3/${Q}/volumes`, member)).json).toEqual({ badRequest: { code: 400, message: 'Malformed request url' } });
    const nobody = await api.get(`/v3/${P}/volumes`, keystoneHeaders(P, ['observer']));
    expect(nobody.json).toEqual({ forbidden: { code: 403, message: "Policy doesn't allow volume:get_all to be performed." } });
  });

  it('summarizes the project\'s volumes (3.12), with their metadata from 3.36', async () => {
    expect((await api.get(`/v3/${P}/volumes/summary`, member, '3.12')).json).toEqual({ 'volume-summary': { total_count: 5, total_size: 12 } });
    expect((await api.get(`/v3/${P}/volumes/summary`, member, '3.36')).json).toEqual({
      'volume-summary': { total_count: 5, total_size: 12, metadata: { tier: ['gold', 'silver'], zone: ['a'] } },
    });
    expect((await api.get(`/v3/${ADMIN_PROJECT}/volumes/summary?all_tenants=1`, admin, '3.12')).json['volume-summary']).toEqual({ total_count: 6, total_size: 13 });
    expect((await api.get(`/v3/${P}/volumes/summary`, member, '3.11')).status).toBe(404);
  });

  it('keeps every page right while volumes are being created between pages', async () => {
    const before = (await api.allPages(`/v3/${P}/volumes?limit=100`, member)).flat();
    let creating = true;
    const newcomers: string[] = [];
    const creator = (async () => {
      while (creating) newcomers.push((await api.create(P, { name: `new-${newcomers.length}` })).id);
    })();
    const pages: string[][] = [];
    let marker: string | null = null;
    do {
      const res = await api.get(`/v3/${P}/volumes?limit=2${marker ? `&marker=${marker}` : ''}`, member);
      const page = ids(res);
      pages.push(page);
      marker = res.json.volumes_links ? page[page.length - 1] : null;
      await new Promise((r) => setTimeout(r, 30));
    } while (marker);
    creating = false;
    await creator;

    const seen = pages.flat();
    expect(newcomers.length).toBeGreaterThan(2);
    expect(new Set(seen).size).toBe(seen.length);
    // Newcomers sort before the first page's marker: after it, the pages are exactly the volumes that were there.
    const rest = seen.filter((id) => !newcomers.includes(id));
    expect(rest).toEqual(before);
  });

  it('shows each client its own write at once, under concurrent load (read-your-writes)', async () => {
    const clients = Array.from({ length: 12 }, (_, i) => `ryw-${i}`);
    const results = await Promise.all(
      clients.map(async (name) => {
        const found: boolean[] = [];
        for (let round = 0; round < 3; round++) {
          const volume = await api.create(P, { name: `${name}-${round}` });
          const [list, detail, summary] = await Promise.all([
            api.get(`/v3/${P}/volumes?name=${name}-${round}`, member),
            api.get(`/v3/${P}/volumes/detail?sort=created_at:desc&limit=50`, member),
            api.get(`/v3/${P}/volumes/summary`, member, '3.12'),
          ]);
          found.push(
            ids(list).includes(volume.id) &&
              ids(detail).includes(volume.id) &&
              summary.json['volume-summary'].total_count > 5 &&
              list.headers.get('x-read-model-fresh') === null,
          );
        }
        return found;
      }),
    );
    expect(results.flat().every(Boolean)).toBe(true);
  });
});
