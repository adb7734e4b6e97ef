import { CinderClient } from './support/cinder-client';
import { engineEnv, startHttpEngine, waitFor, type EngineProcess } from './support/engine-process';

describe('volume update, delete and metadata; snapshots and revert', () => {
  let engine: EngineProcess;
  let cinder: CinderClient;

  beforeAll(async () => {
    const started = await startHttpEngine('all-in-one', await engineEnv());
    engine = started.engine;
    cinder = new CinderClient(started.base, 'resources', { 'OpenStack-API-Version': 'volume 3.71' });
  });
  afterAll(() => engine?.kill());

  const volumes = (suffix = '') => `/v3/${cinder.project}/volumes${suffix}`;
  const available = async (size = 1) => {
    const { id } = await cinder.createVolume(size);
    await cinder.waitForStatus(id, 'available');
    return id;
  };

  it('updates name, description and metadata, answering the volume', async () => {
    const id = await available();
    const res = await cinder.request('PUT', volumes(`/${id}`), { body: { volume: { name: 'renamed', description: 'd', metadata: { k: 'v' } } } });
    expect(res.status).toBe(200);
    expect(res.json.volume).toMatchObject({ id, name: 'renamed', description: 'd', metadata: { k: 'v' } });
    expect(await cinder.getVolume(id)).toMatchObject({ name: 'renamed', description: 'd', metadata: { k: 'v' } });
  });

  it('refuses an update with an unknown field', async () => {
    const id = await available();
    const res = await cinder.request('PUT', volumes(`/${id}`), { body: { volume: { size: 5 } } });
    expect(res.status).toBe(400);
    expect(res.json.badRequest.message).toBe(
      "Invalid input for field/attribute volume. Value: {'size': 5}. Additional properties are not allowed ('size' was unexpected)",
    );
  });

  it('creates, replaces, shows and deletes metadata keys', async () => {
    const id = await available();
    expect((await cinder.request('POST', volumes(`/${id}/metadata`), { body: { metadata: { a: '1' } } })).json).toEqual({ metadata: { a: '1' } });
    expect((await cinder.request('POST', volumes(`/${id}/metadata`), { body: { metadata: { b: '2' } } })).json).toEqual({ metadata: { a: '1', b: '2' } });
    expect((await cinder.request('GET', volumes(`/${id}/metadata/b`))).json).toEqual({ meta: { b: '2' } });
    expect((await cinder.request('PUT', volumes(`/${id}/metadata/b`), { body: { meta: { b: '3' } } })).json).toEqual({ meta: { b: '3' } });
    expect((await cinder.request('PUT', volumes(`/${id}/metadata`), { body: { metadata: { c: '4' } } })).json).toEqual({ metadata: { c: '4' } });
    expect((await cinder.request('DELETE', volumes(`/${id}/metadata/c`))).status).toBe(200);
    expect((await cinder.request('GET', volumes(`/${id}/metadata`))).json).toEqual({ metadata: {} });
    const missing = await cinder.request('GET', volumes(`/${id}/metadata/nope`));
    expect(missing.json).toEqual({ itemNotFound: { code: 404, message: `Volume ${id} has no metadata with key nope.` } });
  });

  it('deletes a volume: 202, deleting, then gone', async () => {
    const id = await available();
    expect((await cinder.request('DELETE', volumes(`/${id}`))).status).toBe(202);
    await waitFor(async () => (await cinder.request('GET', volumes(`/${id}`))).status === 404, 20000);
    const gone = await cinder.request('GET', volumes(`/${id}`));
    expect(gone.json).toEqual({ itemNotFound: { code: 404, message: `Volume ${id} could not be found.` } });
  });

  it('snapshots a volume and reverts it to its latest snapshot', async () => {
    const id = await available(1);
    const created = await cinder.request('POST', `/v3/${cinder.project}/snapshots`, { body: { snapshot: { volume_id: id, name: 'snap-1' } } });
    expect(created.status).toBe(202);
    const snapshot = created.json.snapshot;
    expect(snapshot).toMatchObject({ volume_id: id, name: 'snap-1', status: 'creating', size: 1, consumes_quota: true, user_id: 'admin' });
    await waitFor(async () => (await cinder.getVolume(id)).status === 'available' && (await snapshotStatus(id, snapshot.id)) === 'available', 20000);

    const revert = await cinder.action(id, { revert: { snapshot_id: snapshot.id } });
    expect(revert.status).toBe(202);
    await cinder.waitForStatus(id, 'available');

    expect((await cinder.request('DELETE', `/v3/${cinder.project}/snapshots/${snapshot.id}`)).status).toBe(202);
    await waitFor(async () => (await snapshotStatus(id, snapshot.id)) === undefined, 20000);
  });

  it('refuses to revert to a snapshot that is not the latest', async () => {
    const id = await available(1);
    const first = (await cinder.request('POST', `/v3/${cinder.project}/snapshots`, { body: { snapshot: { volume_id: id } } })).json.snapshot;
    await waitFor(async () => (await snapshotStatus(id, first.id)) === 'available', 20000);
    const second = (await cinder.request('POST', `/v3/${cinder.project}/snapshots`, { body: { snapshot: { volume_id: id } } })).json.snapshot;
    await waitFor(async () => (await snapshotStatus(id, second.id)) === 'available', 20000);
    const res = await cinder.action(id, { revert: { snapshot_id: first.id } });
    expect(res.json).toEqual({
      badRequest: { code: 400, message: `Specified snapshot ${first.id} is None or not the latest one of volume ${id}.` },
    });
  });

  it('answers 404 for snapshots of unknown volumes and unknown snapshots', async () => {
    const missing = '5aa119a8-d25b-45a7-8d1b-88e127885635';
    const create = await cinder.request('POST', `/v3/${cinder.project}/snapshots`, { body: { snapshot: { volume_id: missing } } });
    expect(create.json).toEqual({ itemNotFound: { code: 404, message: `Volume ${missing} could not be found.` } });
    const remove = await cinder.request('DELETE', `/v3/${cinder.project}/snapshots/${missing}`);
    expect(remove.json).toEqual({ itemNotFound: { code: 404, message: `Snapshot ${missing} could not be found.` } });
  });

  /** The snapshot's status as its volume's events show it, through the audit endpoint's owner view. */
  async function snapshotStatus(volumeId: string, snapshotId: string): Promise<string | undefined> {
    const events = (await cinder.request('GET', volumes(`/${volumeId}/events?limit=1000`))).json.events as Array<{ type: string; data: Record<string, unknown> }>;
    let status: string | undefined;
    for (const event of events) {
      if (event.data.snapshot_id !== snapshotId) continue;
      status = ({ SnapshotCreateRequested: 'creating', SnapshotCreated: 'available', SnapshotCreateFailed: 'error', SnapshotDeleteRequested: 'deleting', SnapshotDeleted: undefined, SnapshotDeleteFailed: 'error_deleting' } as Record<string, string | undefined>)[event.type];
    }
    return status;
  }
});
