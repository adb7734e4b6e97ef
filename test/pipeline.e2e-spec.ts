import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { CinderClient } from './support/cinder-client';
import { engineEnv, startHttpEngine, type EngineEnv, type EngineProcess } from './support/engine-process';

const GiB = 1024 ** 3;
const volumeFile = (env: EngineEnv, id: string) => join(env.DATA_DIR, 'backends', 'engine@file#default', `volume-${id}`);

describe('one action end to end on the all-in-one engine (SQLite, Redis, file backend)', () => {
  let env: EngineEnv;
  let engine: EngineProcess;
  let cinder: CinderClient;

  beforeAll(async () => {
    // A short delay before each extend lets a polling client see `extending` every time.
    env = await engineEnv({ STORAGE_BACKEND: 'faulty-file', BACKEND_DELAYS: 'extend.before=300' });
    const started = await startHttpEngine('all-in-one', env);
    engine = started.engine;
    cinder = new CinderClient(started.base);
  });

  afterAll(async () => {
    await engine?.kill();
  });

  it('creates a volume: 202 creating, then available with a sparse file of its size on disk', async () => {
    const res = await cinder.request('POST', `/v3/${cinder.project}/volumes`, {
      body: { volume: { size: 1, name: 'e2e-vol', description: 'walking skeleton', metadata: { tier: 'gold' } } },
    });
    expect(res.status).toBe(202);
    expect(res.json.volume).toMatchObject({
      status: 'creating',
      size: 1,
      name: 'e2e-vol',
      description: 'walking skeleton',
      metadata: { tier: 'gold' },
      bootable: 'false',
      multiattach: false,
      attachments: [],
      'os-vol-tenant-attr:tenant_id': cinder.project,
      updated_at: null,
    });
    expect(res.json.volume.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.json.volume.links[0].href).toBe(`${cinder.base}/v3/${cinder.project}/volumes/${res.json.volume.id}`);

    const id = res.json.volume.id;
    await cinder.waitForStatus(id, 'available');
    const volume = await cinder.getVolume(id);
    expect(volume).toMatchObject({ id, status: 'available', size: 1, 'os-vol-host-attr:host': 'engine@file#default' });
    expect(volume.updated_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}$/);
    expect((await stat(volumeFile(env, id))).size).toBe(GiB);
  });

  it('extends: 202 with an empty body, the client sees extending then available, and the file grows', async () => {
    const { id } = await cinder.createVolume(1);
    await cinder.waitForStatus(id, 'available');

    const res = await cinder.action(id, { 'os-extend': { new_size: 3 } });
    expect(res.status).toBe(202);
    expect(res.text).toBe('');
    expect(res.headers.get('content-length')).toBe('0');

    const seen = await cinder.waitForStatus(id, 'available');
    expect(seen).toEqual(['extending', 'available']);
    expect(await cinder.getVolume(id)).toMatchObject({ status: 'available', size: 3 });
    expect((await stat(volumeFile(env, id))).size).toBe(3 * GiB);
  });

  it('accepts the size as a numeric string, as Cinder does ("03" is 3)', async () => {
    const { id } = await cinder.createVolume(1);
    await cinder.waitForStatus(id, 'available');
    expect((await cinder.action(id, { 'os-extend': { new_size: '03' } })).status).toBe(202);
    await cinder.waitForStatus(id, 'available');
    expect((await cinder.getVolume(id)).size).toBe(3);
  });

  it('refuses a shrink with Cinder\'s message and changes nothing', async () => {
    const { id } = await cinder.createVolume(2);
    await cinder.waitForStatus(id, 'available');
    const res = await cinder.action(id, { 'os-extend': { new_size: 1 } });
    expect(res.status).toBe(400);
    expect(res.json).toEqual({
      badRequest: {
        code: 400,
        message:
          'Invalid input received: New size for extend must be greater than current size. (current: 2, extended: 1).',
      },
    });
    expect(await cinder.getVolume(id)).toMatchObject({ status: 'available', size: 2 });
  });

  it('refuses a second extend while the first runs, naming the status', async () => {
    const { id } = await cinder.createVolume(1);
    await cinder.waitForStatus(id, 'available');
    expect((await cinder.action(id, { 'os-extend': { new_size: 2 } })).status).toBe(202);
    const second = await cinder.action(id, { 'os-extend': { new_size: 4 } });
    expect(second.status).toBe(400);
    expect(second.json.badRequest.message).toBe(
      `Invalid volume: Volume ${id} status must be '{'status': 'available'}' to extend, currently extending.`,
    );
    await cinder.waitForStatus(id, 'available');
    expect((await cinder.getVolume(id)).size).toBe(2);
  });

  it('serves the project-less URL form too', async () => {
    const { id } = await cinder.createVolume(1);
    const res = await cinder.request('GET', `/v3/volumes/${id}`);
    expect(res.status).toBe(200);
    expect(res.json.volume.id).toBe(id);
  });
});

describe('a backend failure during extend', () => {
  let engine: EngineProcess;
  let cinder: CinderClient;

  beforeAll(async () => {
    const env = await engineEnv({ STORAGE_BACKEND: 'faulty-file', BACKEND_FAILURES: 'extend.before' });
    const started = await startHttpEngine('all-in-one', env);
    engine = started.engine;
    cinder = new CinderClient(started.base);
  });

  afterAll(async () => {
    await engine?.kill();
  });

  it('leaves the volume in error_extending with its old size', async () => {
    const { id } = await cinder.createVolume(1);
    await cinder.waitForStatus(id, 'available');
    expect((await cinder.action(id, { 'os-extend': { new_size: 2 } })).status).toBe(202);
    await cinder.waitForStatus(id, 'error_extending');
    expect(await cinder.getVolume(id)).toMatchObject({ status: 'error_extending', size: 1 });
  });
});
