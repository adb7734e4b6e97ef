import { engineEnv, startHttpEngine, type EngineEnv, type EngineProcess } from './support/engine-process';
import { assertClientsInstalled, sdk, SdkSession } from './clients/openstack-clients';

const POOLS = ['engine@file#default', 'engine@file#other'];
const SERVER = '7c0a6c1e-2f0e-4d43-9d38-0b3f1f8f2a77';
const PROJECT = 'sdkproject';

/**
 * openstacksdk 0.101 (Debian's python3-openstacksdk), unchanged, against the engine in noauth
 * mode through keystoneauth's `admin_token` plugin. The SDK finds the API version and its
 * microversion range from the version documents, then calls the block-storage proxy; the
 * fields of the objects it returns are checked.
 */
describe('openstacksdk against the engine (noauth)', () => {
  let env: EngineEnv;
  let engine: EngineProcess;
  let base: string;
  /** One SDK connection per project, each a long-lived `sdk.py --serve`. */
  const sessions = new Map<string, SdkSession>();

  beforeAll(async () => {
    await assertClientsInstalled();
    // Two pools, so migrate has a destination; no project quotas: a project here holds ~25 volumes.
    env = await engineEnv({ BACKENDS: POOLS.map((p) => `${p}:1000`).join(','), QUOTA_VOLUMES: '-1', QUOTA_GIGABYTES: '-1' });
    ({ engine, base } = await startHttpEngine('all-in-one', env));
  });

  afterAll(async () => {
    for (const session of sessions.values()) session.close();
    await engine?.kill();
  });

  function session(project: string) {
    if (!sessions.has(project)) sessions.set(project, new SdkSession(base, project));
    return sessions.get(project)!;
  }

  /** A proxy call: `{result, microversions}` or `{error}`. */
  const attempt = (method: string, args: unknown[] = [], kwargs: object = {}, project = PROJECT) =>
    session(project).call(method, args, kwargs);

  /** A proxy call that must succeed; answers what it returned. */
  async function call(method: string, args: unknown[] = [], kwargs: object = {}, project = PROJECT) {
    const out = await attempt(method, args, kwargs, project);
    if (out.error) throw new Error(`${method} failed: ${JSON.stringify(out.error)}`);
    return out.result;
  }

  const volume = (id: string) => call('get_volume', [id]);
  const waitFor = (id: string, status: string) => call('wait_for_volume', [id, status]);

  async function createAvailable(attrs: object = {}, project = PROJECT) {
    const created = await call('create_volume', [], { size: 1, ...attrs }, project);
    return call('wait_for_volume', [created.id, 'available'], {}, project);
  }

  async function waitUntil(id: string, check: (v: any) => boolean, what: string) {
    const deadline = Date.now() + 60000;
    let last: any;
    while (Date.now() < deadline) {
      last = await volume(id);
      if (check(last)) return last;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`volume ${id}: ${what} never held; last ${JSON.stringify(last)}`);
  }

  async function expectGone(id: string) {
    const deadline = Date.now() + 60000;
    let last: any;
    while (Date.now() < deadline) {
      last = await attempt('get_volume', [id]);
      if (last.error?.code === 404) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`volume ${id} never went away; last ${JSON.stringify(last)}`);
  }

  describe('discovery', () => {
    it('learns 3.0–3.71 from the v3 version document and calls volumes at its own 3.60', async () => {
      const out = await sdk(base, PROJECT, 'create_volume', [], { size: 1, name: 'discovered' }, { debug: true });
      expect(out.microversions).toEqual(['3.0', '3.71']);
      // keystoneauth reads the document without a token; the engine serves it (not noauth's 204).
      expect(out.stderr).toMatch(new RegExp(`REQ: curl -g -i -X GET ${base}/v3 `));
      expect(out.stderr).toMatch(/RESP: \[200\]/);
      expect(out.stderr).toMatch(new RegExp(`POST ${base}/v3/volumes .*"OpenStack-API-Version: volume 3.60"`));
      expect(out.stderr).toMatch(/RESP: \[202\].*openstack-api-version: volume 3\.60/);
      expect(out.result).toMatchObject({ name: 'discovered', size: 1, status: 'creating', project_id: PROJECT });
    });

    it('GET /v3/ without a token is the version document', async () => {
      const res = await fetch(`${base}/v3/`);
      expect(res.status).toBe(200);
      const body = await res.json();
      expect(body.versions).toEqual([expect.objectContaining({ id: 'v3.0', min_version: '3.0', version: '3.71', status: 'CURRENT' })]);
      // Anything else without a token is still noauth's 204 handing out one.
      expect((await fetch(`${base}/v3/${PROJECT}/volumes`)).status).toBe(204);
    });

    it('an endpoint carrying the project works too', async () => {
      const out = await sdk(base, PROJECT, 'create_volume', [], { size: 1 }, { debug: true, endpoint: `${base}/v3/${PROJECT}` });
      expect(out.stderr).toContain(`POST ${base}/v3/${PROJECT}/volumes`);
      expect(out.result).toMatchObject({ status: 'creating', project_id: PROJECT });
    });
  });

  describe('volumes', () => {
    it('create answers the new volume; get shows it available on a pool', async () => {
      const created = await call('create_volume', [], { size: 1, name: 'sdk-1', description: 'from the sdk', metadata: { tier: 'gold' } });
      expect(created).toMatchObject({
        name: 'sdk-1',
        description: 'from the sdk',
        size: 1,
        status: 'creating',
        metadata: { tier: 'gold' },
        is_bootable: false,
        is_encrypted: false,
        volume_type: '__DEFAULT__',
        project_id: PROJECT,
        user_id: 'admin',
        attachments: [],
      });
      const available = await waitFor(created.id, 'available');
      expect(available).toMatchObject({ id: created.id, status: 'available', size: 1 });
      expect(POOLS).toContain(available.host);
    });

    it('volumes() lists with filters', async () => {
      // A project of its own, so the filters' answers are exact.
      const project = 'sdk-list-project';
      const a = await createAvailable({ name: 'sdk-list-a' }, project);
      const b = await createAvailable({ name: 'sdk-list-b' }, project);
      await call('reset_volume_status', [b.id, 'error', null, null], {}, project);
      const all = await call('volumes', [], {}, project);
      expect(all.map((v: any) => v.id).sort()).toEqual([a.id, b.id].sort());
      expect(all.find((v: any) => v.id === a.id)).toMatchObject({ name: 'sdk-list-a', status: 'available', size: 1, host: a.host, project_id: project });
      expect((await call('volumes', [], { name: 'sdk-list-a' }, project)).map((v: any) => v.id)).toEqual([a.id]);
      expect((await call('volumes', [], { status: 'error' }, project)).map((v: any) => v.id)).toEqual([b.id]);
      const brief = await call('volumes', [], { details: false, name: 'sdk-list-b' }, project);
      expect(brief).toEqual([expect.objectContaining({ id: b.id, name: 'sdk-list-b' })]);
      expect((await call('volumes')).map((v: any) => v.id)).not.toContain(a.id);
    });

    it('update (PUT) and metadata', async () => {
      const { id } = await createAvailable({ name: 'old' });
      const updated = await call('update_volume', [id], { name: 'new', description: 'updated' });
      expect(updated).toMatchObject({ id, name: 'new', description: 'updated' });
      const withMetadata = await call('set_volume_metadata', [id], { k: 'v' });
      expect(withMetadata.metadata).toEqual({ k: 'v' });
      expect((await call('get_volume_metadata', [id])).metadata).toEqual({ k: 'v' });
      expect(await volume(id)).toMatchObject({ name: 'new', description: 'updated', metadata: { k: 'v' } });
    });

    it('extend an available volume, then an attached one (the SDK\'s 3.60 is past 3.42)', async () => {
      const { id } = await createAvailable();
      expect(await call('extend_volume', [id, 2])).toBeNull();
      expect(await waitUntil(id, (v) => v.status === 'available' && v.size === 2, 'size 2')).toMatchObject({ size: 2 });

      expect(await call('attach_volume', [id, '/dev/vdb'], { instance: SERVER })).toBeNull();
      expect(await volume(id)).toMatchObject({ status: 'in-use', attachments: [expect.objectContaining({ server_id: SERVER, device: '/dev/vdb' })] });
      await call('extend_volume', [id, 3]);
      expect(await waitUntil(id, (v) => v.status === 'in-use' && v.size === 3, 'in-use at size 3')).toMatchObject({ size: 3 });
    });

    it('reset_volume_status, set_volume_bootable_status, set_volume_readonly', async () => {
      const { id } = await createAvailable();
      await call('reset_volume_status', [id, 'error', null, null]);
      expect((await volume(id)).status).toBe('error');
      await call('reset_volume_status', [id, 'available', 'detached', null]);
      await call('set_volume_bootable_status', [id, true]);
      await call('set_volume_readonly', [id, true]);
      expect(await volume(id)).toMatchObject({ status: 'available', is_bootable: true, metadata: { readonly: 'True' } });
    });

    it('create_type and types, then retype_volume', async () => {
      const type = await call('create_type', [], { name: 'sdk-type', description: 'by the sdk', extra_specs: { volume_backend_name: 'file' } });
      expect(type).toMatchObject({ name: 'sdk-type', description: 'by the sdk', is_public: true, extra_specs: { volume_backend_name: 'file' } });
      const types = await call('types');
      expect(types).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ name: '__DEFAULT__' }),
          expect.objectContaining({ id: type.id, name: 'sdk-type', extra_specs: { volume_backend_name: 'file' } }),
        ]),
      );
      const { id } = await createAvailable();
      await call('retype_volume', [id, 'sdk-type', 'on-demand']);
      expect(await waitUntil(id, (v) => v.status === 'available' && v.volume_type === 'sdk-type', 'retyped')).toMatchObject({ volume_type: 'sdk-type' });
    });

    it('migrate_volume to the other pool', async () => {
      const { id, host } = await createAvailable();
      const destination = POOLS.find((pool) => pool !== host)!;
      await call('migrate_volume', [id], { host: destination });
      const migrated = await waitUntil(id, (v) => v.migration_status === 'success', 'migration success');
      expect(migrated).toMatchObject({ status: 'available', host: destination });
    });

    it('upload_volume_to_image answers the upload; the volume returns to available', async () => {
      const { id } = await createAvailable();
      const upload = await call('upload_volume_to_image', [id, 'sdk-image'], { disk_format: 'raw', container_format: 'bare' });
      expect(upload).toMatchObject({ id, image_name: 'sdk-image', disk_format: 'raw', container_format: 'bare', status: 'uploading', size: 1 });
      expect(upload.image_id).toMatch(/^[0-9a-f-]{36}$/);
      await waitFor(id, 'available');
    });

    it('reserve, unreserve, begin and abort detaching', async () => {
      const { id } = await createAvailable();
      await call('reserve_volume', [id]);
      expect((await volume(id)).status).toBe('attaching');
      await call('unreserve_volume', [id]);
      expect((await volume(id)).status).toBe('available');
      await call('attach_volume', [id, '/dev/vdc'], { instance: SERVER });
      await call('begin_volume_detaching', [id]);
      expect((await volume(id)).status).toBe('detaching');
      await call('abort_volume_detaching', [id]);
      expect((await volume(id)).status).toBe('in-use');
    });

    it('delete, force delete and unmanage', async () => {
      const plain = await createAvailable();
      const broken = await createAvailable();
      const unmanaged = await createAvailable();
      await call('reset_volume_status', [broken.id, 'error', null, null]);
      expect(await call('delete_volume', [plain.id])).toBeNull();
      expect(await call('delete_volume', [broken.id], { force: true })).toBeNull();
      expect(await call('unmanage_volume', [unmanaged.id])).toBeNull();
      await expectGone(plain.id);
      await expectGone(broken.id);
      await expectGone(unmanaged.id);
    });

    it('a refusal is an HTTP exception with Cinder\'s message', async () => {
      const { id } = await createAvailable({ size: 2 });
      const out = await attempt('extend_volume', [id, 1]);
      expect(out.error).toEqual({
        code: 400,
        message: 'Invalid input received: New size for extend must be greater than current size. (current: 2, extended: 1).',
      });
    });
  });

  describe('snapshots', () => {
    it('create_snapshot, snapshots(), revert_volume_to_snapshot, delete_snapshot', async () => {
      const { id: volumeId } = await createAvailable();
      const created = await call('create_snapshot', [], { volume_id: volumeId, name: 'sdk-snap', description: 'taken by the sdk' });
      expect(created).toMatchObject({ volume_id: volumeId, name: 'sdk-snap', description: 'taken by the sdk', status: 'creating', size: 1 });
      const snapshot = await call('wait_for_snapshot', [created.id, 'available']);
      expect(snapshot).toMatchObject({ id: created.id, status: 'available', volume_id: volumeId });

      const listed = await call('snapshots', [], { volume_id: volumeId });
      expect(listed).toEqual([expect.objectContaining({ id: created.id, name: 'sdk-snap', status: 'available', size: 1 })]);

      expect(await call('revert_volume_to_snapshot', [volumeId, created.id])).toBeNull();
      await waitFor(volumeId, 'available');
      expect((await call('get_snapshot', [created.id])).status).toBe('available');

      expect(await call('delete_snapshot', [created.id])).toBeNull();
      const deadline = Date.now() + 60000;
      while ((await attempt('get_snapshot', [created.id])).error?.code !== 404) {
        if (Date.now() > deadline) throw new Error(`snapshot ${created.id} never went away`);
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(await call('snapshots', [], { volume_id: volumeId })).toEqual([]);
    });
  });
});
