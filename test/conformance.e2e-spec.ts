import { CinderClient } from './support/cinder-client';
import { engineEnv, startHttpEngine, type EngineEnv, type EngineProcess } from './support/engine-process';
import { EventLog } from './support/event-log';

/**
 * Every action of the spec's summary table (§1.0) against the running engine, table-driven: each
 * allowed source status gives the documented response and transition; each refused one gives
 * Cinder's code and exact message and leaves the volume's stream unchanged. Transitions are read
 * from the event log, so they do not race the workers.
 */

type Status = string;
interface Expectation {
  code: number;
  /** The status right after the request's events; `unchanged` when it records nothing. */
  status?: Status | 'unchanged';
  /** The exact fault message (and fault key) of a refusal. */
  fault?: [string, string];
}
interface Case {
  from: Status;
  body: (id: string) => unknown;
  version?: string;
  expect: (id: string, from: Status) => Expectation;
}

const invalidVolume = (message: string): [string, string] => ['badRequest', `Invalid volume: ${message}`];
const refused = (message: (id: string, status: Status) => [string, string]) => (id: string, from: Status) => ({ code: 400, fault: message(id, from) });

// Long-running operations are held before their backend call, so their requested statuses stay put.
const HOLD = ['extend', 'revert', 'retype', 'migrate', 'upload', 'reimage', 'unmanage', 'delete', 'snapshot']
  .map((op) => `${op}.before=600000`)
  .join(',');

describe('conformance: every action of the summary table, over HTTP', () => {
  let env: EngineEnv;
  let engine: EngineProcess;
  let cinder: CinderClient;
  let log: EventLog;

  beforeAll(async () => {
    env = await engineEnv({
      STORAGE_BACKEND: 'faulty-file',
      BACKEND_DELAYS: HOLD,
      BACKENDS: 'engine@file#default:1000,engine@file#other:1000',
      WORKER_CONCURRENCY: '200',
      PER_VOLUME_GIGABYTES: '10',
    });
    const started = await startHttpEngine('all-in-one', env);
    engine = started.engine;
    cinder = new CinderClient(started.base, 'conformance', { 'OpenStack-API-Version': 'volume 3.71' });
    log = new EventLog(env.DATA_DIR);
  });
  afterAll(async () => {
    await log?.close();
    await engine?.kill();
  });

  /** A volume in the given status: attached for in-use, reset for the rest (admin, as an operator would). */
  async function volumeIn(status: Status, size = 1): Promise<string> {
    const { id } = await cinder.createVolume(size);
    await cinder.waitForStatus(id, 'available');
    if (status === 'in-use') {
      const attached = await cinder.action(id, { 'os-attach': { host_name: 'compute-1', mountpoint: '/dev/vdb' } });
      if (attached.status !== 202) throw new Error(`attach: ${attached.text}`);
    } else if (status !== 'available') {
      const reset = await cinder.action(id, { 'os-reset_status': { status } });
      if (reset.status !== 202) throw new Error(`reset to ${status}: ${reset.text}`);
    }
    return id;
  }

  async function check(action: string, c: Case) {
    const id = await volumeIn(c.from);
    const before = await log.revision(id);
    const headers: Record<string, string> = c.version ? { 'OpenStack-API-Version': `volume ${c.version}` } : {};
    const res = await cinder.action(id, { [action]: c.body(id) }, headers);
    const expected = c.expect(id, c.from);
    expect({ from: c.from, code: res.status, body: res.status === expected.code ? undefined : res.text }).toEqual({ from: c.from, code: expected.code, body: undefined });
    if (expected.fault) {
      const [key, message] = expected.fault;
      expect(res.json).toEqual({ [key]: { code: expected.code, message } });
      expect(await log.revision(id)).toBe(before);
    }
    if (expected.status === 'unchanged') {
      expect(await log.revision(id)).toBe(before);
    } else if (expected.status) {
      const requestId = res.headers.get('x-openstack-request-id')!;
      expect({ from: c.from, status: (await log.stateAfter(id, requestId)).status }).toEqual({ from: c.from, status: expected.status });
    }
    return { id, res };
  }

  const table = (action: string, cases: Case[]) => {
    it.each(cases.map((c) => [c.from, c] as const))(`${action} from %s`, async (_from, c) => {
      await check(action, c);
    });
  };

  const OTHERS = ['error', 'maintenance', 'reserved', 'error_extending', 'attaching', 'detaching', 'uploading', 'creating'];

  describe('os-extend (§1.2.1)', () => {
    const extendMessage = (expected: string) => (id: string, status: Status) =>
      invalidVolume(`Volume ${id} status must be '{'status': '${expected}'}' to extend, currently ${status}.`);
    table('os-extend', [
      { from: 'available', body: () => ({ new_size: 2 }), expect: () => ({ code: 202, status: 'extending' }) },
      { from: 'in-use', body: () => ({ new_size: 2 }), version: '3.42', expect: () => ({ code: 202, status: 'extending' }) },
      { from: 'in-use', body: () => ({ new_size: 2 }), version: '3.41', expect: refused(extendMessage('available')) },
      ...OTHERS.map((from) => ({ from, body: () => ({ new_size: 2 }), expect: refused(extendMessage('available')) })),
      {
        from: 'available',
        body: () => ({ new_size: 1 }),
        expect: () => ({
          code: 400,
          fault: ['badRequest', 'Invalid input received: New size for extend must be greater than current size. (current: 1, extended: 1).'] as [string, string],
        }),
      },
    ]);
  });

  describe('the per-volume size quota (§1.2.1 d)', () => {
    const over = {
      overLimit: { code: 413, message: 'VolumeSizeExceedsLimit: Requested volume size 11G is larger than maximum allowed limit 10G.', retryAfter: '0' },
    };

    it('refuses an extend past it with 413 and Retry-After, appending nothing', async () => {
      const id = await volumeIn('available');
      const before = await log.revision(id);
      const res = await cinder.action(id, { 'os-extend': { new_size: 11 } });
      expect(res.status).toBe(413);
      expect(res.json).toEqual(over);
      expect(res.headers.get('retry-after')).toBe('0');
      expect(await log.revision(id)).toBe(before);
    });

    it('is checked after the status, as in Cinder', async () => {
      const id = await volumeIn('error');
      const res = await cinder.action(id, { 'os-extend': { new_size: 11 } });
      expect(res.json.badRequest.message).toBe(`Invalid volume: Volume ${id} status must be '{'status': 'available'}' to extend, currently error.`);
    });

    it('refuses a create past it', async () => {
      const res = await cinder.request('POST', `/v3/${cinder.project}/volumes`, { body: { volume: { size: 11 } } });
      expect(res.status).toBe(413);
      expect(res.json).toEqual(over);
    });
  });

  describe('os-reserve / os-unreserve / os-begin_detaching / os-roll_detaching (§1.2.18–21)', () => {
    table('os-reserve', [
      { from: 'available', body: () => ({}), expect: () => ({ code: 202, status: 'attaching' }) },
      ...['in-use', ...OTHERS].map((from) => ({
        from,
        body: () => ({}),
        expect: refused((_id, status) => invalidVolume(`Volume status must be available to reserve, but the status is ${status}.`)),
      })),
    ]);
    table('os-unreserve', [
      { from: 'attaching', body: () => ({}), expect: () => ({ code: 202, status: 'available' }) },
      ...['available', 'in-use', 'error', 'detaching'].map((from) => ({ from, body: () => ({}), expect: () => ({ code: 202, status: 'unchanged' }) })),
    ]);
    table('os-begin_detaching', [
      { from: 'in-use', body: () => ({}), expect: () => ({ code: 202, status: 'detaching' }) },
      ...['available', 'error', 'attaching', 'maintenance'].map((from) => ({
        from,
        body: () => ({}),
        expect: refused(() =>
          invalidVolume("Unable to detach volume. Volume status must be 'in-use' and attach_status must be 'attached' to detach."),
        ),
      })),
    ]);
    table('os-roll_detaching', [
      { from: 'detaching', body: () => ({}), expect: () => ({ code: 202, status: 'in-use' }) },
      ...['available', 'in-use', 'error'].map((from) => ({ from, body: () => ({}), expect: () => ({ code: 202, status: 'unchanged' }) })),
    ]);
  });

  describe('os-set_bootable and os-update_readonly_flag (§1.2.16, §1.2.24)', () => {
    table('os-set_bootable', [
      ...['available', 'in-use', 'error', 'reserved'].map((from) => ({ from, body: () => ({ bootable: 'True' }), expect: () => ({ code: 200, status: from }) })),
      { from: 'maintenance', body: () => ({ bootable: true }), expect: refused(() => invalidVolume('The volume cannot be updated during maintenance.')) },
    ]);
    table('os-update_readonly_flag', [
      { from: 'available', body: () => ({ readonly: true }), expect: () => ({ code: 202, status: 'available' }) },
      ...['in-use', 'error', 'maintenance'].map((from) => ({
        from,
        body: () => ({ readonly: false }),
        expect: refused((id, status) => invalidVolume(`Volume ${id} status must be available to update readonly flag, but current status is: ${status}.`)),
      })),
    ]);
  });

  describe('image metadata (§1.2.5–7)', () => {
    table('os-set_image_metadata', [
      ...['available', 'in-use', 'error'].map((from) => ({ from, body: () => ({ metadata: { image_name: 'cirros' } }), expect: () => ({ code: 200, status: from }) })),
      ...['maintenance', 'uploading'].map((from) => ({
        from,
        body: () => ({ metadata: { image_name: 'cirros' } }),
        expect: refused((_id, status) => invalidVolume(`Updating volume metadata is not allowed for volumes in ${status} status.`)),
      })),
    ]);

    it('set answers every image metadata key; show lists them; unset removes one with an empty text/html 200', async () => {
      const id = await volumeIn('available');
      await cinder.action(id, { 'os-set_image_metadata': { metadata: { a: '1' } } });
      const set = await cinder.action(id, { 'os-set_image_metadata': { metadata: { b: '2' } } });
      expect(set.json).toEqual({ metadata: { a: '1', b: '2' } });
      expect((await cinder.action(id, { 'os-show_image_metadata': {} })).json).toEqual({ metadata: { a: '1', b: '2' } });
      const unset = await cinder.action(id, { 'os-unset_image_metadata': { key: 'a' } });
      expect(unset.status).toBe(200);
      expect(unset.text).toBe('');
      expect(unset.headers.get('content-type')).toBe('text/html; charset=UTF-8');
      expect((await cinder.getVolume(id)).volume_image_metadata).toEqual({ b: '2' });
    });

    it('show and unset on a volume without image metadata are 404', async () => {
      const id = await volumeIn('available');
      const message = `Glance metadata for volume/snapshot ${id} cannot be found.`;
      for (const res of [await cinder.action(id, { 'os-show_image_metadata': {} }), await cinder.action(id, { 'os-unset_image_metadata': { key: 'x' } })]) {
        expect(res.status).toBe(404);
        expect(res.json).toEqual({ itemNotFound: { code: 404, message } });
      }
    });
  });

  describe('attach, detach and connections (§1.2.8–9, 22–23)', () => {
    table('os-attach', [
      ...['available', 'error', 'reserved', 'attaching'].map((from) => ({
        from,
        body: () => ({ host_name: 'compute-2', mountpoint: '/dev/vdc', mode: 'rw' }),
        expect: () => ({ code: 202, status: 'in-use' }),
      })),
      { from: 'maintenance', body: () => ({ host_name: 'h', mountpoint: '/dev/vdb' }), expect: refused(() => invalidVolume('The volume cannot be attached in maintenance mode.')) },
      { from: 'in-use', body: () => ({ host_name: 'another-host', mountpoint: '/dev/vdd' }), expect: refused(() => invalidVolume('volume is already attached and multiple attachments are not enabled')) },
    ]);
    table('os-detach', [
      { from: 'in-use', body: () => ({}), expect: () => ({ code: 202, status: 'available' }) },
      { from: 'maintenance', body: () => ({}), expect: refused(() => invalidVolume('The volume cannot be detached in maintenance mode.')) },
    ]);
    table('os-initialize_connection', [
      ...['available', 'in-use', 'error'].map((from) => ({ from, body: () => ({ connector: { host: 'compute-1', initiator: 'iqn.x' } }), expect: () => ({ code: 200, status: from }) })),
      { from: 'maintenance', body: () => ({ connector: { host: 'h' } }), expect: refused(() => invalidVolume('The volume connection cannot be initialized in maintenance mode.')) },
      {
        from: 'available',
        body: () => ({ connector: { initiator: 'iqn.x' } }),
        expect: () => ({ code: 400, fault: ['badRequest', "Invalid input received: Connector doesn't have required information: host"] as [string, string] }),
      },
    ]);
    table('os-terminate_connection', [
      ...['available', 'in-use', 'maintenance'].map((from) => ({ from, body: () => ({ connector: { host: 'h' } }), expect: () => ({ code: 202 }) })),
      { from: 'attaching', body: () => ({ connector: { host: 'h' } }), expect: () => ({ code: 202, status: 'available' }) },
    ]);

    it('initialize_connection answers the connection info with the access mode', async () => {
      const id = await volumeIn('available');
      await cinder.action(id, { 'os-update_readonly_flag': { readonly: true } });
      const res = await cinder.action(id, { 'os-initialize_connection': { connector: { host: 'compute-1' } } });
      expect(res.json.connection_info).toMatchObject({
        driver_volume_type: 'local',
        data: { access_mode: 'ro', encrypted: false, qos_specs: null, enforce_multipath: false },
        enforce_multipath: false,
      });
      expect(res.json.connection_info.data.device_path).toContain(`volume-${id}`);
    });

    it('attach then detach shows the attachment and the visible admin metadata, then neither', async () => {
      const id = await volumeIn('available');
      await cinder.action(id, { 'os-attach': { instance_uuid: '95d9ef50-507d-11e5-b970-0800200c9a66', mountpoint: '/dev/vdc' } });
      const attached = await cinder.getVolume(id);
      expect(attached).toMatchObject({ status: 'in-use', metadata: { readonly: 'False', attached_mode: 'rw' } });
      expect(attached.attachments).toEqual([
        expect.objectContaining({ server_id: '95d9ef50-507d-11e5-b970-0800200c9a66', device: '/dev/vdc', volume_id: id }),
      ]);
      expect((await cinder.action(id, { 'os-detach': {} })).status).toBe(202);
      expect(await cinder.getVolume(id)).toMatchObject({ status: 'available', attachments: [] });
    });

    it('{"os-detach": null} is refused with 400, where Cinder answers 500', async () => {
      const id = await volumeIn('in-use');
      const before = await log.revision(id);
      const res = await cinder.action(id, '{"os-detach": null}');
      expect(res.status).toBe(400);
      expect(res.json.badRequest.message).toBe("Invalid input for field/attribute os-detach. Value: None. None is not of type 'object'");
      expect(await log.revision(id)).toBe(before);
    });
  });

  describe('os-reset_status (§1.2.3)', () => {
    table('os-reset_status', [
      ...['available', 'error', 'maintenance'].map((from) => ({ from, body: () => ({ status: 'ERROR_extending' }), expect: () => ({ code: 202, status: 'error_extending' }) })),
      { from: 'available', body: () => ({ status: 'deleting' }), expect: () => ({ code: 400, fault: ['badRequest', 'Cannot reset-state to deleting'] as [string, string] }) },
      {
        from: 'available',
        body: () => ({ status: 'in-use' }),
        expect: () => ({ code: 400, fault: ['badRequest', 'Cannot reset-state to in-use because volume does not have any attachments.'] as [string, string] }),
      },
      { from: 'in-use', body: () => ({ status: 'error', attach_status: 'detached' }), expect: () => ({ code: 202, status: 'available' }) },
    ]);
  });

  describe('lifecycle actions', () => {
    table('os-force_delete', [
      ...['available', 'error', 'error_extending', 'maintenance', 'creating'].map((from) => ({ from, body: () => ({}), expect: () => ({ code: 202, status: 'deleting' }) })),
      {
        from: 'in-use',
        body: () => ({}),
        expect: refused(() =>
          invalidVolume('Volume  must not be migrating, attached, belong to a group, have snapshots, awaiting a transfer, or be disassociated from snapshots after volume transfer.'),
        ),
      },
    ]);
    const unmanageRefusal = refused(() =>
      invalidVolume(
        'Volume status must be available or error or error_restoring or error_extending or error_managing and must not be migrating, attached, belong to a group, have snapshots, awaiting a transfer, or be disassociated from snapshots after volume transfer.',
      ),
    );
    table('os-unmanage', [
      ...['available', 'error', 'error_extending'].map((from) => ({ from, body: () => ({}), expect: () => ({ code: 202, status: 'unmanaging' }) })),
      ...['in-use', 'maintenance', 'reserved'].map((from) => ({ from, body: () => ({}), expect: unmanageRefusal })),
    ]);
    table('os-volume_upload_image', [
      { from: 'available', body: () => ({ image_name: 'backup-image' }), expect: () => ({ code: 202, status: 'uploading' }) },
      ...['in-use', 'error', 'maintenance'].map((from) => ({
        from,
        body: () => ({ image_name: 'x', force: true }),
        expect: refused((id) => invalidVolume(`Volume ${id} status must be available`)),
      })),
    ]);
    table('os-extend_volume_completion', [
      ...['available', 'in-use', 'error'].map((from) => ({ from, body: () => ({ error: false }), expect: refused(() => invalidVolume('Volume is not being extended.')) })),
    ]);

    it('unmanage answers an empty text/html 202', async () => {
      const id = await volumeIn('available');
      const res = await cinder.action(id, { 'os-unmanage': {} });
      expect(res.status).toBe(202);
      expect(res.text).toBe('');
      expect(res.headers.get('content-type')).toBe('text/html; charset=UTF-8');
    });

    it('upload to image answers Cinder\'s os-volume_upload_image body and creates a queued image', async () => {
      const id = await volumeIn('available');
      const res = await cinder.action(id, { 'os-volume_upload_image': { image_name: 'img-1', disk_format: 'raw', container_format: 'bare', visibility: 'private', protected: false } });
      expect(res.status).toBe(202);
      expect(res.json['os-volume_upload_image']).toMatchObject({
        id,
        status: 'uploading',
        size: 1,
        image_name: 'img-1',
        disk_format: 'raw',
        container_format: 'bare',
        visibility: 'private',
        protected: false,
        display_description: null,
        volume_type: expect.objectContaining({ name: '__DEFAULT__' }),
      });
      expect(res.json['os-volume_upload_image'].image_id).toMatch(/^[0-9a-f-]{36}$/);
      expect(res.json['os-volume_upload_image'].updated_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}$/);
    });
  });

  describe('retype and migrate (§1.2.12–14)', () => {
    let gold: string;
    beforeAll(async () => {
      gold = (await cinder.request('POST', `/v3/${cinder.project}/types`, { body: { volume_type: { name: 'gold-conformance' } } })).json.volume_type.id;
    });

    it.each(['available', 'in-use'])('retype from %s goes to retyping', async (from) => {
      const id = await volumeIn(from);
      const res = await cinder.action(id, { 'os-retype': { new_type: 'gold-conformance', migration_policy: 'never' } });
      expect(res.status).toBe(202);
      expect((await log.stateAfter(id, res.headers.get('x-openstack-request-id')!)).status).toBe('retyping');
    });

    it.each(['error', 'maintenance', 'reserved'])('retype from %s is refused', async (from) => {
      const id = await volumeIn(from);
      const res = await cinder.action(id, { 'os-retype': { new_type: gold } });
      expect(res.json).toEqual({
        badRequest: {
          code: 400,
          message:
            'Invalid volume: Retype needs volume to be in available or in-use state, not be part of an active migration or a consistency group, requested type has to be different that the one from the volume, and for in-use volumes front-end qos specs cannot change.',
        },
      });
    });

    it('retype to an unknown type is 404 with Cinder\'s message', async () => {
      const id = await volumeIn('available');
      const res = await cinder.action(id, { 'os-retype': { new_type: 'no-such-type' } });
      expect(res.json).toEqual({ itemNotFound: { code: 404, message: 'Volume type with name no-such-type could not be found.' } });
    });

    it('migrate to another pool of an up service starts the migration', async () => {
      const id = await volumeIn('available');
      const host = (await cinder.getVolume(id))['os-vol-host-attr:host'];
      const other = host === 'engine@file#default' ? 'engine@file#other' : 'engine@file#default';
      const res = await cinder.action(id, { 'os-migrate_volume': { host: other } });
      expect(res.status).toBe(202);
      expect((await log.stateAfter(id, res.headers.get('x-openstack-request-id')!)).migration_status).toBe('starting');
    });

    it('migrate to its own host, or to no service, is refused with Cinder\'s messages', async () => {
      const id = await volumeIn('available');
      const host = (await cinder.getVolume(id))['os-vol-host-attr:host'];
      const same = await cinder.action(id, { 'os-migrate_volume': { host } });
      expect(same.json.badRequest.message).toBe(
        `Invalid volume: Volume ${id} status must be available or in-use, must not be migrating, have snapshots, be replicated, be part of a group and destination host/cluster must be different than the current one`,
      );
      const nowhere = await cinder.action(id, { 'os-migrate_volume': { host: 'nowhere@lvm#pool' } });
      expect(nowhere.json.badRequest.message).toBe("Invalid host: No available service named 'nowhere@lvm#pool'");
    });

    it('migrate needs exactly one of host and cluster at 3.16 and later', async () => {
      const id = await volumeIn('available');
      const both = await cinder.action(id, { 'os-migrate_volume': { host: 'a@b#c', cluster: 'x' } }, { 'OpenStack-API-Version': 'volume 3.16' });
      expect(both.json.badRequest.message).toBe('Invalid input received: One and only one of cluster and host must be set.');
    });

    it('migrate completion with an unknown new volume is 404', async () => {
      const id = await volumeIn('available');
      const missing = '0d0c1b2a-0000-4000-8000-000000000000';
      const res = await cinder.action(id, { 'os-migrate_volume_completion': { new_volume: missing } });
      expect(res.json).toEqual({ itemNotFound: { code: 404, message: `Volume ${missing} could not be found.` } });
    });
  });

  describe('microversion gates', () => {
    it.each([
      ['revert', { snapshot_id: null }, '3.39'],
      ['os-reimage', { image_id: '71543ced-a8af-45b6-a5c4-a46282108a90' }, '3.67'],
    ])('%s below %s is 404', async (action, body, version) => {
      const id = await volumeIn('available');
      const res = await cinder.action(id, { [action]: body }, { 'OpenStack-API-Version': `volume ${version}` });
      expect(res.json).toEqual({ itemNotFound: { code: 404, message: 'The resource could not be found.' } });
    });

    it('revert without snapshots is refused', async () => {
      const id = await volumeIn('available');
      const res = await cinder.action(id, { revert: { snapshot_id: null } });
      expect(res.json).toEqual({ badRequest: { code: 400, message: `Volume ${id} doesn't have any snapshots.` } });
    });

    it('reimage from an image that does not exist is 404 and changes nothing', async () => {
      const id = await volumeIn('available');
      const before = await log.revision(id);
      const res = await cinder.action(id, { 'os-reimage': { image_id: '71543ced-a8af-45b6-a5c4-a46282108a90' } });
      expect(res.status).toBe(404);
      expect(await log.revision(id)).toBe(before);
    });
  });
});
