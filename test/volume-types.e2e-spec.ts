import { CinderClient } from './support/cinder-client';
import { engineEnv, startHttpEngine, type EngineProcess } from './support/engine-process';

describe('volume types', () => {
  let engine: EngineProcess;
  let cinder: CinderClient;

  beforeAll(async () => {
    const started = await startHttpEngine('all-in-one', await engineEnv());
    engine = started.engine;
    cinder = new CinderClient(started.base);
  });
  afterAll(() => engine?.kill());

  const types = (suffix = '') => `/v3/${cinder.project}/types${suffix}`;

  it('has the default type, __DEFAULT__', async () => {
    const res = await cinder.request('GET', types('/default'));
    expect(res.status).toBe(200);
    expect(res.json.volume_type).toMatchObject({ name: '__DEFAULT__', is_public: true, 'os-volume-type-access:is_public': true, extra_specs: {} });
  });

  it('creates, lists and shows a type with extra specs', async () => {
    const created = await cinder.request('POST', types(), {
      body: { volume_type: { name: 'gold', description: 'fast', extra_specs: { volume_backend_name: 'file' } } },
    });
    expect(created.status).toBe(200);
    const gold = created.json.volume_type;
    expect(gold).toMatchObject({ name: 'gold', description: 'fast', is_public: true, extra_specs: { volume_backend_name: 'file' } });

    const list = await cinder.request('GET', types());
    expect(list.json.volume_types.map((t: { name: string }) => t.name).sort()).toEqual(['__DEFAULT__', 'gold']);
    expect((await cinder.request('GET', types(`/${gold.id}`))).json.volume_type).toEqual(gold);
  });

  it('refuses a duplicate name with 409', async () => {
    await cinder.request('POST', types(), { body: { volume_type: { name: 'dup' } } });
    const res = await cinder.request('POST', types(), { body: { volume_type: { name: 'dup' } } });
    expect(res.status).toBe(409);
    expect(res.json).toEqual({ conflictingRequest: { code: 409, message: 'Volume Type dup already exists.' } });
  });

  it('validates the body', async () => {
    const res = await cinder.request('POST', types(), { body: { volume_type: { description: 'no name' } } });
    expect(res.status).toBe(400);
    expect(res.json.badRequest.message).toBe(
      "Invalid input for field/attribute volume_type. Value: {'description': 'no name'}. 'name' is a required property",
    );
  });

  it('sets, shows and unsets extra specs', async () => {
    const { id } = (await cinder.request('POST', types(), { body: { volume_type: { name: 'specs' } } })).json.volume_type;
    const set = await cinder.request('POST', types(`/${id}/extra_specs`), {
      body: { extra_specs: { multiattach: '<is> True', 'provisioning:max_vol_size': '10' } },
    });
    expect(set.status).toBe(200);
    expect((await cinder.request('GET', types(`/${id}/extra_specs`))).json.extra_specs).toEqual({
      multiattach: '<is> True',
      'provisioning:max_vol_size': '10',
    });
    expect((await cinder.request('GET', types(`/${id}/extra_specs/multiattach`))).json).toEqual({ multiattach: '<is> True' });
    expect((await cinder.request('DELETE', types(`/${id}/extra_specs/multiattach`))).status).toBe(202);
    const gone = await cinder.request('GET', types(`/${id}/extra_specs/multiattach`));
    expect(gone.status).toBe(404);
    expect(gone.json.itemNotFound.message).toBe(`Volume Type ${id} has no extra specs with key multiattach.`);
  });

  it('gives a new volume the type named, by name or id, or the default', async () => {
    const { id } = (await cinder.request('POST', types(), { body: { volume_type: { name: 'silver' } } })).json.volume_type;
    expect((await cinder.createVolume(1, { volume_type: 'silver' })).volume_type).toBe('silver');
    expect((await cinder.createVolume(1, { volume_type: id })).volume_type).toBe('silver');
    expect((await cinder.createVolume(1)).volume_type).toBe('__DEFAULT__');
  });

  it('refuses an unknown type with Cinder\'s messages', async () => {
    const byName = await cinder.request('POST', `/v3/${cinder.project}/volumes`, { body: { volume: { size: 1, volume_type: 'nope' } } });
    expect(byName.status).toBe(404);
    expect(byName.json.itemNotFound.message).toBe('Volume type with name nope could not be found.');
    const missing = '11111111-2222-4333-8444-555555555555';
    const byId = await cinder.request('POST', `/v3/${cinder.project}/volumes`, { body: { volume: { size: 1, volume_type: missing } } });
    expect(byId.json.itemNotFound.message).toBe(`Volume type ${missing} could not be found.`);
  });
});
