import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { engineEnv, startHttpEngine, type EngineEnv, type EngineProcess } from './support/engine-process';
import {
  assertClientsInstalled,
  cinderApi,
  CinderShell,
  listTable,
  parseTable,
  propertyTable,
} from './clients/openstack-clients';

const POOLS = ['engine@file#default', 'engine@file#other'];
const SERVER = '2f1c1b59-4c3d-4f4e-8a1b-5f5d8f9e0a11';

/**
 * python-cinderclient 9.1 (Debian's python3-cinderclient), unchanged, against the engine in
 * noauth mode: the `cinder` shell for everything it has a command for, its Python API for the
 * rest. Every command's output is read back, not only its exit code.
 */
describe('python-cinderclient against the engine (noauth)', () => {
  let env: EngineEnv;
  let engine: EngineProcess;
  let base: string;
  let cinder: CinderShell;

  beforeAll(async () => {
    await assertClientsInstalled();
    // Two pools, so migrate has a destination; no project quotas: a project here holds ~25 volumes.
    env = await engineEnv({ BACKENDS: POOLS.map((p) => `${p}:1000`).join(','), QUOTA_VOLUMES: '-1', QUOTA_GIGABYTES: '-1' });
    ({ engine, base } = await startHttpEngine('all-in-one', env));
    cinder = new CinderShell(base, 'cliproject');
  });

  afterAll(async () => {
    await engine?.kill();
  });

  /** `cinder create`, then waits for `available`; answers the volume's JSON. */
  async function createAvailable(args: string[] = ['1'], shell = cinder) {
    const { id } = propertyTable(await shell.ok(['create', ...args]));
    return { id, volume: await shell.waitUntil(id, (v) => v.status === 'available', 'available') };
  }

  describe('version documents and microversion negotiation', () => {
    it('GET / is the 300 version list the clients discover from', async () => {
      const res = await fetch(`${base}/`);
      expect(res.status).toBe(300);
      expect(await res.json()).toEqual({
        versions: [
          {
            id: 'v3.0',
            links: [
              { href: 'https://docs.openstack.org/', rel: 'describedby', type: 'text/html' },
              { href: `${base}/v3/`, rel: 'self' },
            ],
            'media-types': [{ base: 'application/json', type: 'application/vnd.openstack.volume+json;version=3' }],
            min_version: '3.0',
            status: 'CURRENT',
            updated: '2023-08-31T00:00:00Z',
            version: '3.71',
          },
        ],
      });
    });

    it('cinder api-version prints the range from that document', async () => {
      expect(listTable(await cinder.ok(['api-version']))).toEqual([
        { ID: 'v3.0', Status: 'CURRENT', Version: '3.71', Min_version: '3.0' },
      ]);
    });

    it('without --os-volume-api-version the shell settles on 3.70, its own maximum, below the server\'s 3.71', async () => {
      const { id } = await createAvailable();
      const result = await cinder.run(['--debug', 'show', id], null);
      expect(result.code).toBe(0);
      // The discovery request, then the call at the negotiated version.
      expect(result.stderr).toMatch(/REQ: curl -g -i -X GET http:\/\/127\.0\.0\.1:\d+\/ /);
      expect(result.stderr).toMatch(/RESP: \[300\]/);
      expect(result.stderr).toMatch(new RegExp(`GET ${base}/v3/volumes/${id} .*"OpenStack-API-Version: volume 3.70"`));
      expect(result.stderr).toMatch(/RESP: \[200\].*openstack-api-version: volume 3\.70/);
      expect(propertyTable(result.stdout)).toMatchObject({ id, status: 'available' });
    });

    it('asking for 3.71 is downgraded to what both sides support, with the shell\'s warning', async () => {
      const { id } = await createAvailable();
      const result = await cinder.run(['show', id], '3.71');
      expect(result.code).toBe(0);
      expect(result.stderr).toContain('API version 3.71 requested');
      expect(result.stderr).toContain('downgrading to 3.70 based on server support.');
      expect(propertyTable(result.stdout).id).toBe(id);
    });

    it('the endpoint may carry the project (/v3/{project_id}) as a catalog would', async () => {
      const { id } = await createAvailable();
      const withProject = new CinderShell(base, cinder.project, 'admin', '3.64', `${base}/v3/${cinder.project}`);
      const result = await withProject.run(['--debug', 'show', id]);
      expect(result.code).toBe(0);
      expect(result.stderr).toContain(`GET ${base}/v3/${cinder.project}/volumes/${id}`);
      expect(propertyTable(result.stdout)).toMatchObject({ id, 'os-vol-tenant-attr:tenant_id': cinder.project });
    });
  });

  describe('volumes with the cinder shell', () => {
    it('create prints the new volume; show prints it available on a pool', async () => {
      const created = propertyTable(
        await cinder.ok(['create', '--name', 'c1', '--description', 'first', '--metadata', 'tier=gold', '--', '1']),
      );
      expect(created).toMatchObject({
        status: 'creating',
        size: '1',
        name: 'c1',
        description: 'first',
        // `create` prints the dict as Python shows it; `show` prints one `key : value` a line.
        metadata: "{'tier': 'gold'}",
        bootable: 'false',
        multiattach: 'False',
        volume_type: '__DEFAULT__',
        'os-vol-tenant-attr:tenant_id': 'cliproject',
        user_id: 'admin',
        updated_at: 'None',
      });
      expect(created.id).toMatch(/^[0-9a-f-]{36}$/);

      const shown = await cinder.waitForStatus(created.id, 'available');
      expect(shown).toMatchObject({ id: created.id, name: 'c1', size: '1', metadata: 'tier : gold', attached_servers: '[]' });
      expect(POOLS).toContain(shown['os-vol-host-attr:host']);
      expect(shown.updated_at).toMatch(/^\d{4}-\d\d-\d\dT/);
    });

    it('list shows the project\'s volumes, filtered by name and by status', async () => {
      // A project of its own, so the filters' answers are exact.
      const lister = new CinderShell(base, 'cli-list-project');
      const { id: a } = await createAvailable(['--name', 'list-a', '2'], lister);
      const { id: b } = await createAvailable(['--name', 'list-b', '1'], lister);
      await lister.ok(['reset-state', '--state', 'error', b]);

      const all = listTable(await lister.ok(['list']));
      expect(all.map((row) => row.ID).sort()).toEqual([a, b].sort());
      expect(all.find((row) => row.ID === a)).toMatchObject({
        Status: 'available', Name: 'list-a', Size: '2', 'Volume Type': '__DEFAULT__', Bootable: 'false', 'Attached to': '',
      });

      expect(listTable(await lister.ok(['list', '--name', 'list-a']))).toEqual([expect.objectContaining({ ID: a, Name: 'list-a' })]);
      expect(listTable(await lister.ok(['list', '--status', 'error'])).map((row) => row.ID)).toEqual([b]);
      expect(listTable(await lister.ok(['list', '--filters', 'name=list-b']))).toEqual([expect.objectContaining({ ID: b, Status: 'error' })]);
      expect(listTable(await lister.ok(['list', '--sort', 'name:desc', '--limit', '1'])).map((row) => row.ID)).toEqual([b]);
      // Another project's volumes are not listed.
      expect(listTable(await cinder.ok(['list'])).map((row) => row.ID)).not.toContain(a);

      // A name finds the volume through the list, as `show` does when the argument is no id.
      expect(await lister.show('list-a')).toMatchObject({ id: a, name: 'list-a' });
      expect(propertyTable(await lister.ok(['summary']))).toMatchObject({ total_count: '2', total_size: '3' });
    });

    it('rename and metadata update the volume', async () => {
      const { id } = await createAvailable(['--name', 'before', '1']);
      expect(await cinder.ok(['rename', id, 'after', '--description', 'renamed by cinderclient'])).toBe('');
      expect(await cinder.ok(['metadata', id, 'set', 'k1=v1', 'k2=v2'])).toBe('');
      expect(await cinder.ok(['metadata', id, 'unset', 'k1'])).toBe('');
      expect(await cinder.show(id)).toMatchObject({ name: 'after', description: 'renamed by cinderclient', metadata: 'k2 : v2' });
    });

    it('extend an available volume: extending, then available with the new size', async () => {
      const { id } = await createAvailable();
      expect(await cinder.ok(['extend', id, '2'])).toBe('');
      const extended = await cinder.waitFor(id, (v) => v.status === 'available' && v.size === 2, 'extended to 2');
      expect(extended.size).toBe('2');
    });

    it('extend an in-use volume at 3.42, refused at 3.41 with Cinder\'s message', async () => {
      const { id } = await createAvailable();
      const attach = await cinderApi(cinder, 'volumes.attach', [id, SERVER, '/dev/vdb']);
      expect(attach).toMatchObject({ status_code: 202 });
      expect(await cinder.show(id)).toMatchObject({ status: 'in-use', attached_servers: `['${SERVER}']` });

      const refused = await cinder.run(['extend', id, '2'], '3.41');
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain(
        `ERROR: Invalid volume: Volume ${id} status must be '{'status': 'available'}' to extend, currently in-use. (HTTP 400)`,
      );

      expect(await cinder.ok(['extend', id, '2'], '3.42')).toBe('');
      const extended = await cinder.waitFor(id, (v) => v.status === 'in-use' && v.size === 2, 'in-use with size 2');
      expect(extended.attached_servers).toBe(`['${SERVER}']`);
    });

    it('reset-state sets status, attach status and migration status', async () => {
      const { id } = await createAvailable();
      expect(await cinder.ok(['reset-state', '--state', 'error', id])).toBe('');
      expect((await cinder.show(id)).status).toBe('error');
      expect(await cinder.ok(['reset-state', '--state', 'available', '--attach-status', 'detached', '--reset-migration-status', id])).toBe('');
      expect(await cinder.show(id)).toMatchObject({ status: 'available', migration_status: 'None' });
    });

    it('set-bootable and readonly-mode-update show in the volume', async () => {
      const { id } = await createAvailable();
      expect(await cinder.ok(['set-bootable', id, 'true'])).toBe('');
      expect(await cinder.ok(['readonly-mode-update', id, 'true'])).toBe('');
      expect(await cinder.show(id)).toMatchObject({ bootable: 'true', readonly: 'True', metadata: 'readonly : True' });
      expect(await cinder.ok(['readonly-mode-update', id, 'false'])).toBe('');
      expect((await cinder.show(id)).readonly).toBe('False');
    });

    it('type-create, type-key, type-list, then retype onto the new type', async () => {
      const created = listTable(await cinder.ok(['type-create', '--description', 'file pools', 'cli-fast']));
      expect(created).toEqual([{ ID: expect.stringMatching(/^[0-9a-f-]{36}$/), Name: 'cli-fast', Description: 'file pools', Is_Public: 'True' }]);
      expect(await cinder.ok(['type-key', 'cli-fast', 'set', 'volume_backend_name=file'])).toBe('');
      const types = listTable(await cinder.ok(['type-list']));
      expect(types).toEqual(
        expect.arrayContaining([
          { ID: expect.any(String), Name: '__DEFAULT__', Description: 'Default Volume Type', Is_Public: 'True' },
          { ID: created[0].ID, Name: 'cli-fast', Description: 'file pools', Is_Public: 'True' },
        ]),
      );
      const specs = listTable(await cinder.ok(['extra-specs-list']));
      expect(specs.find((row) => row.Name === 'cli-fast')).toMatchObject({ extra_specs: "{'volume_backend_name': 'file'}" });

      const { id } = await createAvailable();
      expect(await cinder.ok(['retype', '--migration-policy', 'on-demand', id, 'cli-fast'])).toBe('');
      const retyped = await cinder.waitFor(id, (v) => v.status === 'available' && v.volume_type === 'cli-fast', 'retyped');
      expect(retyped.volume_type_id).toBe(created[0].ID);
    });

    it('migrate moves the volume to the other pool', async () => {
      const { id, volume } = await createAvailable();
      const destination = POOLS.find((pool) => pool !== volume['os-vol-host-attr:host'])!;
      expect((await cinder.ok(['migrate', id, destination])).trim()).toBe(`Request to migrate volume ${id} has been accepted.`);
      const migrated = await cinder.waitFor(id, (v) => v['os-vol-mig-status-attr:migstat'] === 'success', 'migration success');
      expect(migrated).toMatchObject({ status: 'available', 'os-vol-host-attr:host': destination, migration_status: 'success' });
    });

    it('upload-to-image prints the upload; the image becomes active and the volume available', async () => {
      const { id } = await createAvailable(['--name', 'to-image', '1']);
      const upload = propertyTable(
        await cinder.ok(['upload-to-image', '--disk-format', 'raw', '--container-format', 'bare', '--visibility', 'private', id, 'cli-image']),
      );
      expect(upload).toMatchObject({
        id,
        image_name: 'cli-image',
        disk_format: 'raw',
        container_format: 'bare',
        visibility: 'private',
        protected: 'False',
        size: '1',
        status: 'uploading',
        volume_type: '__DEFAULT__',
      });
      await cinder.waitForStatus(id, 'available');
      const image = JSON.parse(await readFile(join(env.DATA_DIR, 'images', `${upload.image_id}.json`), 'utf8'));
      expect(image).toMatchObject({ id: upload.image_id, name: 'cli-image', status: 'active', disk_format: 'raw', size: 1024 ** 3 });
    });

    it('image-metadata set, unset and image-metadata-show', async () => {
      const { id } = await createAvailable();
      expect(await cinder.ok(['image-metadata', id, 'set', 'os_distro=debian', 'hw_disk_bus=scsi'])).toBe('');
      expect(listTable(await cinder.ok(['image-metadata-show', id]))).toEqual([
        { 'Metadata-property': 'hw_disk_bus', Value: 'scsi' },
        { 'Metadata-property': 'os_distro', Value: 'debian' },
      ]);
      expect(await cinder.ok(['image-metadata', id, 'unset', 'hw_disk_bus'])).toBe('');
      expect(listTable(await cinder.ok(['image-metadata-show', id]))).toEqual([{ 'Metadata-property': 'os_distro', Value: 'debian' }]);
      expect((await cinder.show(id)).volume_image_metadata).toBe('os_distro : debian');
    });

    it('delete: the shell accepts, and the volume goes away', async () => {
      const { id } = await createAvailable();
      expect((await cinder.ok(['delete', id])).trim()).toBe(`Request to delete volume ${id} has been accepted.`);
      await cinder.waitForGone(id);
    });

    it('force-delete a volume in error, and unmanage another', async () => {
      const { id: broken } = await createAvailable();
      const { id: unmanaged } = await createAvailable();
      await cinder.ok(['reset-state', '--state', 'error', broken]);
      expect(await cinder.ok(['force-delete', broken])).toBe('');
      expect(await cinder.ok(['unmanage', unmanaged])).toBe('');
      await cinder.waitForGone(broken);
      await cinder.waitForGone(unmanaged);
    });

    it('Cinder\'s refusals come through as the shell\'s errors', async () => {
      const { id } = await createAvailable(['2']);
      const shrink = await cinder.run(['extend', id, '1']);
      expect(shrink.code).toBe(1);
      expect(shrink.stderr).toContain(
        'ERROR: Invalid input received: New size for extend must be greater than current size. (current: 2, extended: 1). (HTTP 400)',
      );
      const missing = await cinder.run(['show', '00000000-0000-4000-8000-000000000000']);
      expect(missing.code).toBe(1);
      expect(missing.stderr).toContain("No volume with a name or ID of '00000000-0000-4000-8000-000000000000' exists.");
    });
  });

  describe('attach-flow actions with cinderclient\'s Python API', () => {
    it('reserve and unreserve: attaching, then available again', async () => {
      const { id } = await createAvailable();
      expect(await cinderApi(cinder, 'volumes.reserve', [id])).toEqual({ version: '3.64', status_code: 202, body: null });
      expect(await cinder.show(id)).toMatchObject({ status: 'attaching' });
      expect(await cinderApi(cinder, 'volumes.unreserve', [id])).toEqual({ version: '3.64', status_code: 202, body: null });
      expect(await cinder.show(id)).toMatchObject({ status: 'available' });
    });

    it('begin_detaching and roll_detaching on an attached volume: detaching, then in-use again', async () => {
      const { id } = await createAvailable();
      await cinderApi(cinder, 'volumes.attach', [id, SERVER, '/dev/vdc']);
      expect(await cinderApi(cinder, 'volumes.begin_detaching', [id])).toEqual({ version: '3.64', status_code: 202, body: null });
      expect((await cinder.show(id)).status).toBe('detaching');
      expect(await cinderApi(cinder, 'volumes.roll_detaching', [id])).toEqual({ version: '3.64', status_code: 202, body: null });
      expect(await cinder.show(id)).toMatchObject({ status: 'in-use', attached_servers: `['${SERVER}']` });
    });

    it('the Python API reads the volume as the shell does, and reports refusals as exceptions', async () => {
      const { id } = await createAvailable(['--name', 'py', '1']);
      const got = await cinderApi(cinder, 'volumes.get', [id]);
      expect(got.result).toMatchObject({ id, name: 'py', status: 'available', size: 1, 'os-vol-tenant-attr:tenant_id': cinder.project });
      const refused = await cinderApi(cinder, 'volumes.begin_detaching', [id]);
      expect(refused.error).toEqual({
        code: 400,
        message: "Invalid volume: Unable to detach volume. Volume status must be 'in-use' and attach_status must be 'attached' to detach.",
      });
    });
  });

  describe('snapshots with the cinder shell', () => {
    it('snapshot-create, snapshot-show, snapshot-list, revert-to-snapshot, snapshot-delete', async () => {
      const { id: volumeId } = await createAvailable(['--name', 'snapped', '1']);
      const created = propertyTable(await cinder.ok(['snapshot-create', '--name', 's1', '--description', 'before extend', volumeId]));
      expect(created).toMatchObject({
        name: 's1',
        description: 'before extend',
        status: 'creating',
        size: '1',
        volume_id: volumeId,
        'os-extended-snapshot-attributes:project_id': cinder.project,
      });
      const snapshotId = created.id;
      const shown = await cinder.waitForStatus(snapshotId, 'available', 'snapshot');
      expect(shown).toMatchObject({ id: snapshotId, name: 's1', volume_id: volumeId, 'os-extended-snapshot-attributes:progress': '100%' });

      const listed = listTable(await cinder.ok(['snapshot-list']));
      expect(listed).toEqual(
        expect.arrayContaining([expect.objectContaining({ ID: snapshotId, 'Volume ID': volumeId, Status: 'available', Name: 's1', Size: '1' })]),
      );
      expect(listTable(await cinder.ok(['snapshot-list', '--volume-id', volumeId])).map((row) => row.ID)).toEqual([snapshotId]);

      // Revert needs the volume at the snapshot's size: refused once extended, done on a fresh one.
      await cinder.ok(['extend', volumeId, '2']);
      await cinder.waitFor(volumeId, (v) => v.status === 'available' && v.size === 2, 'extended');
      const tooBig = await cinder.run(['revert-to-snapshot', snapshotId]);
      expect(tooBig.code).toBe(1);
      expect(tooBig.stderr).toContain(
        `ERROR: Can't revert volume ${volumeId} to its latest snapshot ${snapshotId}. The volume size must be equal to the snapshot size. (HTTP 400)`,
      );
      const { id: fresh } = await createAvailable();
      const freshSnapshot = propertyTable(await cinder.ok(['snapshot-create', '--name', 's2', fresh])).id;
      await cinder.waitForStatus(freshSnapshot, 'available', 'snapshot');
      expect(await cinder.ok(['revert-to-snapshot', freshSnapshot])).toBe('');
      await cinder.waitForStatus(fresh, 'available');
      expect((await cinder.show(freshSnapshot, 'snapshot-show')).status).toBe('available');

      expect(await cinder.ok(['snapshot-delete', snapshotId])).toBe('');
      await cinder.waitForGone(snapshotId, 'snapshot');
      expect(listTable(await cinder.ok(['snapshot-list', '--volume-id', volumeId]))).toEqual([]);
    });
  });

  it('parses tables with multi-line cells (the helper the assertions rely on)', () => {
    const table = [
      '+----------+-------+',
      '| Property | Value |',
      '+----------+-------+',
      '| metadata | a : b |',
      '|          | c : d |',
      '| size     | 1     |',
      '+----------+-------+',
    ].join('\n');
    expect(propertyTable(table)).toEqual({ metadata: 'a : b\nc : d', size: '1' });
    expect(parseTable(table).header).toEqual(['Property', 'Value']);
  });
});
