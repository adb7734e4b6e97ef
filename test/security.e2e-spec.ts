import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { historyOf } from './support/cli';
import { engineEnv, startHttpEngine, waitFor, type EngineEnv, type EngineProcess } from './support/engine-process';
import { keystoneHeaders, PERSONAS } from './support/keystone';

const P = 'project-p';
const Q = 'project-q';
const UNAUTHORIZED = { unauthorized: { code: 401, message: 'The request you have made requires authentication.' } };
const forbidden = (rule: string) => ({ forbidden: { code: 403, message: `Policy doesn't allow ${rule} to be performed.` } });
const notFound = (id: string) => ({ itemNotFound: { code: 404, message: `Volume ${id} could not be found.` } });

class Gateway {
  constructor(readonly base: string) {}

  async call(method: string, path: string, headers: Record<string, string>, body?: unknown) {
    const response = await fetch(`${this.base}${path}`, {
      method,
      headers: body === undefined ? headers : { 'Content-Type': 'application/json', ...headers },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await response.text();
    let json: any = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      // not JSON (e.g. the plain-text 413)
    }
    return { status: response.status, json, text };
  }

  async createVolume(project: string, headers = PERSONAS.member(project)) {
    const res = await this.call('POST', `/v3/${project}/volumes`, headers, { volume: { size: 1 } });
    if (res.status !== 202) throw new Error(`create: ${res.status} ${res.text}`);
    const id = res.json.volume.id as string;
    await waitFor(async () => (await this.call('GET', `/v3/${project}/volumes/${id}`, headers)).json?.volume?.status === 'available', 20000);
    return id;
  }

  extend(project: string, id: string, headers: Record<string, string>, newSize = 2) {
    return this.call('POST', `/v3/${project}/volumes/${id}/action`, headers, { 'os-extend': { new_size: newSize } });
  }
}

async function keystoneEngine(policy?: string) {
  const extra: Record<string, string> = { AUTH_STRATEGY: 'keystone-headers' };
  if (policy !== undefined) {
    const file = join(await mkdtemp(join(tmpdir(), 'policy-')), 'policy.yaml');
    await writeFile(file, policy);
    extra.POLICY_FILE = file;
  }
  const env = await engineEnv(extra);
  const { engine, base } = await startHttpEngine('all-in-one', env);
  return { env, engine, gateway: new Gateway(base) };
}

describe('security in keystone-headers mode, default policy', () => {
  let env: EngineEnv;
  let engine: EngineProcess;
  let gateway: Gateway;
  let volume: string;

  beforeAll(async () => {
    ({ env, engine, gateway } = await keystoneEngine());
    volume = await gateway.createVolume(P);
  });
  afterAll(() => engine?.kill());

  const eventsOf = async (id: string) => (await historyOf(id, env)).map((e) => e.type);

  describe('identity', () => {
    it.each([
      ['no identity headers', {}],
      ['an invalid token', { ...PERSONAS.member(P), 'X-Identity-Status': 'Invalid' }],
      ['no identity status', { 'X-User-Id': 'u', 'X-Project-Id': P, 'X-Roles': 'admin' }],
      ['no user id', { 'X-Identity-Status': 'Confirmed', 'X-Project-Id': P, 'X-Roles': 'admin' }],
      ['no project id', { 'X-Identity-Status': 'Confirmed', 'X-User-Id': 'u', 'X-Roles': 'admin' }],
      ['only a noauth token', { 'X-Auth-Token': `admin:${P}` }],
    ])('%s is 401 with Cinder\'s fault body, and changes nothing', async (_name, headers) => {
      for (const res of [
        await gateway.call('GET', `/v3/${P}/volumes/${volume}`, headers),
        await gateway.extend(P, volume, headers),
        await gateway.call('POST', `/v3/${P}/volumes`, headers, { volume: { size: 1 } }),
      ]) {
        expect(res.status).toBe(401);
        expect(res.json).toEqual(UNAUTHORIZED);
      }
      expect(await eventsOf(volume)).toEqual(['VolumeCreateRequested', 'VolumeCreated']);
    });
  });

  describe('tenant isolation', () => {
    it('a forged project in the path is 400 Malformed request url, even for an admin', async () => {
      for (const headers of [PERSONAS.member(Q), PERSONAS.admin()]) {
        const get = await gateway.call('GET', `/v3/${P}/volumes/${volume}`, headers);
        expect(get.status).toBe(400);
        expect(get.json).toEqual({ badRequest: { code: 400, message: 'Malformed request url' } });
        expect((await gateway.extend(P, volume, headers)).status).toBe(400);
      }
    });

    it('another project\'s volume is not found, to get and to act on, and nothing is appended', async () => {
      const get = await gateway.call('GET', `/v3/${Q}/volumes/${volume}`, PERSONAS.member(Q));
      expect(get.status).toBe(404);
      expect(get.json).toEqual(notFound(volume));
      const act = await gateway.extend(Q, volume, PERSONAS.member(Q));
      expect(act.status).toBe(404);
      expect(act.json).toEqual(notFound(volume));
      const viaShortPath = await gateway.call('POST', `/v3/volumes/${volume}/action`, PERSONAS.member(Q), { 'os-extend': { new_size: 3 } });
      expect(viaShortPath.json).toEqual(notFound(volume));
      expect(await eventsOf(volume)).toEqual(['VolumeCreateRequested', 'VolumeCreated']);
    });

    it('lists only the caller\'s own volumes; all_tenants only widens an admin\'s list', async () => {
      const ids = (res: { json: { volumes: Array<{ id: string }> } }) => res.json.volumes.map((v) => v.id);
      const other = await gateway.createVolume(Q);
      for (const path of ['volumes', 'volumes/detail', 'volumes?all_tenants=1', 'volumes/detail?all_tenants=True']) {
        const res = await gateway.call('GET', `/v3/${Q}/${path}`, PERSONAS.member(Q));
        expect(res.status).toBe(200);
        expect(ids(res)).toContain(other);
        expect(ids(res)).not.toContain(volume);
      }
      const admin = await gateway.call('GET', `/v3/admin-project/volumes?all_tenants=1`, PERSONAS.admin());
      expect(ids(admin)).toEqual(expect.arrayContaining([volume, other]));
      expect(await eventsOf(volume)).toEqual(['VolumeCreateRequested', 'VolumeCreated']);
    });

    it('an admin sees and acts on any project\'s volume', async () => {
      const id = await gateway.createVolume(P);
      const get = await gateway.call('GET', `/v3/admin-project/volumes/${id}`, PERSONAS.admin());
      expect(get.status).toBe(200);
      expect(get.json.volume['os-vol-host-attr:host']).toBe('engine@file#default');
      expect((await gateway.extend('admin-project', id, PERSONAS.admin())).status).toBe(202);
    });
  });

  describe('roles against rules', () => {
    it('volume:create — member yes, reader no', async () => {
      expect((await gateway.call('POST', `/v3/${P}/volumes`, PERSONAS.member(P), { volume: { size: 1 } })).status).toBe(202);
      const res = await gateway.call('POST', `/v3/${P}/volumes`, PERSONAS.reader(P), { volume: { size: 1 } });
      expect(res.status).toBe(403);
      expect(res.json).toEqual(forbidden('volume:create'));
    });

    it('volume:multiattach is checked for a multiattach create', async () => {
      const file = await keystoneEngine('"volume:multiattach": "role:admin"\n');
      try {
        const res = await file.gateway.call('POST', `/v3/${P}/volumes`, PERSONAS.member(P), { volume: { size: 1, multiattach: true } });
        expect(res.json).toEqual(forbidden('volume:multiattach'));
      } finally {
        await file.engine.kill();
      }
    });

    it('volume:get — reader yes, and sees the tenant but not the host or migration attributes', async () => {
      const res = await gateway.call('GET', `/v3/${P}/volumes/${volume}`, PERSONAS.reader(P));
      expect(res.status).toBe(200);
      expect(res.json.volume['os-vol-tenant-attr:tenant_id']).toBe(P);
      expect(res.json.volume).not.toHaveProperty('os-vol-host-attr:host');
      expect(res.json.volume).not.toHaveProperty('os-vol-mig-status-attr:migstat');
      expect(res.json.volume).not.toHaveProperty('migration_status');
    });

    it('volume:extend — reader refused with 403 and nothing appended; member accepted', async () => {
      const id = await gateway.createVolume(P);
      const refused = await gateway.extend(P, id, PERSONAS.reader(P));
      expect(refused.status).toBe(403);
      expect(refused.json).toEqual(forbidden('volume:extend'));
      expect(await eventsOf(id)).toEqual(['VolumeCreateRequested', 'VolumeCreated']);
      expect((await gateway.extend(P, id, PERSONAS.member(P))).status).toBe(202);
    });

    it('a user without any role on the project cannot even see the volume', async () => {
      const res = await gateway.call('GET', `/v3/${P}/volumes/${volume}`, keystoneHeaders(P, ['observer']));
      expect(res.status).toBe(404);
      expect(res.json).toEqual(notFound(volume));
    });
  });

  describe('service callers', () => {
    it('a confirmed service token with the service role is recorded as a service', async () => {
      const id = await gateway.createVolume(P);
      // Keystone expands implied roles: a member's token carries reader too.
      const asService = keystoneHeaders(P, ['member', 'reader'], { user: 'nova', serviceRoles: ['service'] });
      expect((await gateway.extend(P, id, asService)).status).toBe(202);
      const requested = (await historyOf(id, env)).find((e) => e.type === 'VolumeExtendRequested')!;
      expect(requested).toMatchObject({ actor: `nova@${P}`, service: true });
    });

    it.each([
      ['an unconfirmed service token', keystoneHeaders(P, ['member', 'reader'], { serviceRoles: ['service'], serviceStatus: 'Invalid' })],
      ['a service token without the service role', keystoneHeaders(P, ['member', 'reader'], { serviceRoles: ['member'] })],
      ['a user who merely has a role named service', keystoneHeaders(P, ['member', 'reader', 'service'])],
    ])('%s is a user, not a service', async (_name, headers) => {
      const id = await gateway.createVolume(P);
      expect((await gateway.extend(P, id, headers)).status).toBe(202);
      const requested = (await historyOf(id, env)).find((e) => e.type === 'VolumeExtendRequested')!;
      expect(requested.service).toBe(false);
    });
  });

  describe('limits', () => {
    it('an oversized body is 413 before parsing', async () => {
      const res = await gateway.call('POST', `/v3/${P}/volumes/${volume}/action`, PERSONAS.member(P), `{"os-extend":{"new_size":"${'9'.repeat(120000)}"}}`);
      expect(res.status).toBe(413);
      expect(res.text).toContain('Request is too large. Larger than max_request_body_size (114688).');
    });

    it('a body of the wrong content type is 415', async () => {
      const res = await gateway.call('POST', `/v3/${P}/volumes/${volume}/action`, { ...PERSONAS.member(P), 'Content-Type': 'application/xml' }, '<extend/>');
      expect(res.status).toBe(415);
      expect(res.json).toEqual({ badMediaType: { code: 415, message: 'Unsupported Content-Type' } });
    });

    it('nothing was appended by any refused request', async () => {
      expect(await eventsOf(volume)).toEqual(['VolumeCreateRequested', 'VolumeCreated']);
    });
  });
});

describe('a policy file', () => {
  it('that grants: readers may extend', async () => {
    const { engine, gateway } = await keystoneEngine('"volume:extend": "role:reader and project_id:%(project_id)s"\n');
    try {
      const id = await gateway.createVolume(P);
      expect((await gateway.extend(P, id, PERSONAS.reader(P))).status).toBe(202);
    } finally {
      await engine.kill();
    }
  });

  it('that denies: not even an admin may extend, while the other rules keep their defaults', async () => {
    const { engine, gateway } = await keystoneEngine('volume:extend: "!"\n');
    try {
      const id = await gateway.createVolume(P);
      const res = await gateway.extend(P, id, PERSONAS.member(P));
      expect(res.json).toEqual(forbidden('volume:extend'));
      expect((await gateway.extend('admin-project', id, PERSONAS.admin())).json).toEqual(forbidden('volume:extend'));
      expect((await gateway.call('GET', `/v3/${P}/volumes/${id}`, PERSONAS.reader(P))).status).toBe(200);
    } finally {
      await engine.kill();
    }
  });

  it('that narrows context_is_admin: an admin role no longer crosses projects', async () => {
    const { engine, gateway } = await keystoneEngine('context_is_admin: "role:cloud_admin"\n');
    try {
      const id = await gateway.createVolume(P);
      const res = await gateway.call('GET', `/v3/admin-project/volumes/${id}`, PERSONAS.admin());
      expect(res.json).toEqual(notFound(id));
      // is_admin lifts the project scoping; volume:get's default still wants the admin role.
      expect((await gateway.call('GET', `/v3/ops/volumes/${id}`, keystoneHeaders('ops', ['cloud_admin']))).json).toEqual(notFound(id));
      const cloudAdmin = keystoneHeaders('ops', ['cloud_admin', 'admin']);
      expect((await gateway.call('GET', `/v3/ops/volumes/${id}`, cloudAdmin)).status).toBe(200);
    } finally {
      await engine.kill();
    }
  });
});
