import { CinderClient } from './support/cinder-client';
import { historyOf } from './support/cli';
import { engineEnv, startHttpEngine, type EngineEnv, type EngineProcess } from './support/engine-process';

const NO_SUCH_ACTION = (name: string) =>
  `There is no such action: ${name}. Verify the request body and Content-Type header and try again.`;

describe("Cinder's HTTP conventions over the running engine", () => {
  let env: EngineEnv;
  let engine: EngineProcess;
  let cinder: CinderClient;
  let volumeId: string;

  beforeAll(async () => {
    env = await engineEnv();
    const started = await startHttpEngine('all-in-one', env);
    engine = started.engine;
    cinder = new CinderClient(started.base);
    volumeId = (await cinder.createVolume(1)).id;
    await cinder.waitForStatus(volumeId, 'available');
  });

  afterAll(async () => {
    await engine?.kill();
  });

  describe('version documents', () => {
    it('GET / lists the versions with 300 Multiple Choices', async () => {
      const res = await cinder.request('GET', '/');
      expect(res.status).toBe(300);
      expect(res.json.versions[0]).toMatchObject({ id: 'v3.0', min_version: '3.0', version: '3.71', status: 'CURRENT' });
      expect(res.json.versions[0].links[1]).toEqual({ href: `${cinder.base}/v3/`, rel: 'self' });
    });

    it('GET /v3/ shows v3', async () => {
      const res = await cinder.request('GET', '/v3/');
      expect(res.status).toBe(200);
      expect(res.json.versions[0].version).toBe('3.71');
    });
  });

  describe('microversions', () => {
    const show = (version?: string) =>
      cinder.request('GET', `/v3/${cinder.project}/volumes/${volumeId}`, {
        headers: version === undefined ? {} : { 'OpenStack-API-Version': version },
      });

    it('no header means 3.0, and every response says so with Vary', async () => {
      const res = await show();
      expect(res.headers.get('openstack-api-version')).toBe('volume 3.0');
      expect(res.headers.get('vary')).toContain('OpenStack-API-Version');
      expect(res.json.volume.group_id).toBeUndefined();
    });

    it('echoes the requested version and gates fields by it', async () => {
      const res = await show('volume 3.42');
      expect(res.headers.get('openstack-api-version')).toBe('volume 3.42');
      expect(res.json.volume).toHaveProperty('group_id');
    });

    it('latest is 3.71', async () => {
      expect((await show('volume latest')).headers.get('openstack-api-version')).toBe('volume 3.71');
    });

    it('out of range is 406 computeFault, echoing the requested version', async () => {
      const res = await show('volume 3.72');
      expect(res.status).toBe(406);
      expect(res.json).toEqual({
        computeFault: { code: 406, message: 'Version 3.72 is not supported by the API. Minimum is 3.0 and maximum is 3.71.' },
      });
      expect(res.headers.get('openstack-api-version')).toBe('volume 3.72');
    });

    it('a malformed version is 400 without a version header', async () => {
      const res = await show('volume 3.07');
      expect(res.status).toBe(400);
      expect(res.json.badRequest.message).toBe('API Version String 3.07 is of invalid format. Must be of format MajorNum.MinorNum.');
      expect(res.headers.get('openstack-api-version')).toBeNull();
    });
  });

  describe('request ids', () => {
    it('every response, errors included, carries a req-<uuid> request id', async () => {
      for (const res of [await cinder.request('GET', '/'), await cinder.action(volumeId, '{bad')]) {
        expect(res.headers.get('x-openstack-request-id')).toMatch(/^req-[0-9a-f-]{36}$/);
      }
    });

    it('the request id of an action is in the metadata of the event it recorded', async () => {
      const { id } = await cinder.createVolume(1);
      await cinder.waitForStatus(id, 'available');
      const res = await cinder.action(id, { 'os-extend': { new_size: 2 } });
      await cinder.waitForStatus(id, 'available');
      const history = await historyOf(id, env);
      const requested = history.find((e) => e.type === 'VolumeExtendRequested')!;
      expect(requested.request_id).toBe(res.headers.get('x-openstack-request-id'));
      expect(requested.actor).toBe(`admin@${cinder.project}`);
      expect(history.find((e) => e.type === 'VolumeExtended')).toMatchObject({ service: true });
    });
  });

  describe('action dispatch (§4)', () => {
    const cases: Array<[string, string | undefined, string, number, object]> = [
      ['an empty body', 'application/json', '', 400, { badRequest: { code: 400, message: NO_SUCH_ACTION('None') } }],
      ['a body without a Content-Type', undefined, '{"os-extend":{"new_size":2}}', 415, { badMediaType: { code: 415, message: 'Unsupported Content-Type' } }],
      ['a text/plain body', 'text/plain', '{"os-extend":{"new_size":2}}', 415, { badMediaType: { code: 415, message: 'Unsupported Content-Type' } }],
      ['malformed JSON', 'application/json', '{"os-extend":', 400, { badRequest: { code: 400, message: 'Malformed request body' } }],
      ['an empty object', 'application/json', '{}', 400, { badRequest: { code: 400, message: 'Malformed request body' } }],
      ['two keys', 'application/json', '{"os-reserve":{},"os-unreserve":{}}', 400, { badRequest: { code: 400, message: 'Malformed request body' } }],
      ['a one-element array', 'application/json', '[1]', 404, { itemNotFound: { code: 404, message: 'The resource could not be found.' } }],
      ['an unknown action', 'application/json', '{"os-foo":{}}', 400, { badRequest: { code: 400, message: NO_SUCH_ACTION('os-foo') } }],
      ['revert below 3.40', 'application/json', '{"revert":{"snapshot_id":null}}', 404, { itemNotFound: { code: 404, message: 'The resource could not be found.' } }],
    ];

    it.each(cases)('%s', async (_name, contentType, body, status, fault) => {
      const headers: Record<string, string> = contentType ? { 'Content-Type': contentType } : {};
      const res = await fetch(`${cinder.base}/v3/${cinder.project}/volumes/${volumeId}/action`, {
        method: 'POST',
        headers: { 'X-Auth-Token': `admin:${cinder.project}`, ...headers },
        body: body === '' ? undefined : body,
      });
      expect(res.status).toBe(status);
      expect(await res.json()).toEqual(fault);
    });

    it('accepts the vnd.openstack media type with parameters', async () => {
      const res = await cinder.action(volumeId, { 'os-extend': { new_size: 0 } }, {
        'Content-Type': 'application/vnd.openstack.volume+json; charset=utf-8',
      });
      expect(res.status).toBe(400);
      expect(res.json.badRequest.message).toBe('Invalid input for field/attribute new_size. Value: 0. 0 is less than the minimum of 1');
    });
  });

  describe('os-extend body validation (§1.1)', () => {
    it.each([
      [{ 'os-extend': {} }, "Invalid input for field/attribute os-extend. Value: {}. 'new_size' is a required property"],
      [{ 'os-extend': { new_size: '0' } }, 'Invalid input for field/attribute new_size. Value: 0. 0 is less than the minimum of 1'],
      ['{"os-extend": {"new_size": 3.0}}', "Invalid input for field/attribute new_size. Value: 3.0. 3.0 is not of type 'integer', 'string'"],
      [{ 'os-extend': { new_size: 2, force: true } }, "Invalid input for field/attribute os-extend. Value: {'new_size': 2, 'force': True}. Additional properties are not allowed ('force' was unexpected)"],
    ])('%j → 400 %s', async (body, message) => {
      const res = await cinder.action(volumeId, body);
      expect(res.status).toBe(400);
      expect(res.json).toEqual({ badRequest: { code: 400, message } });
    });

    it('bad requests recorded nothing', async () => {
      expect((await historyOf(volumeId, env)).map((e) => e.type)).toEqual(['VolumeCreateRequested', 'VolumeCreated']);
      expect((await cinder.getVolume(volumeId)).size).toBe(1);
    });
  });

  describe('identity and tenant isolation', () => {
    it('another project in the URL than the token\'s is 400 Malformed request url', async () => {
      const res = await cinder.request('POST', `/v3/someone-else/volumes/${volumeId}/action`, {
        body: { 'os-extend': { new_size: 5 } },
      });
      expect(res.status).toBe(400);
      expect(res.json).toEqual({ badRequest: { code: 400, message: 'Malformed request url' } });
    });

    it('an unknown volume is 404 naming it', async () => {
      const missing = '00000000-0000-4000-8000-000000000000';
      for (const res of [
        await cinder.request('GET', `/v3/${cinder.project}/volumes/${missing}`),
        await cinder.action(missing, { 'os-extend': { new_size: 5 } }),
      ]) {
        expect(res.status).toBe(404);
        expect(res.json).toEqual({ itemNotFound: { code: 404, message: `Volume ${missing} could not be found.` } });
      }
    });

    it('noauth without a token answers 204 handing out one, as Cinder does', async () => {
      const res = await fetch(`${cinder.base}/v3/${cinder.project}/volumes/${volumeId}`, {
        headers: { 'X-Auth-User': 'bob', 'X-Auth-Project-Id': 'p9' },
      });
      expect(res.status).toBe(204);
      expect(res.headers.get('x-auth-token')).toBe('bob:p9');
    });
  });

  describe('faults, never stack traces', () => {
    it('an unknown route is itemNotFound', async () => {
      const res = await cinder.request('GET', `/v3/${cinder.project}/nothing-here`);
      expect(res.status).toBe(404);
      expect(res.json).toEqual({ itemNotFound: { code: 404, message: 'The resource could not be found.' } });
    });

    it('a body over max_request_body_size is 413', async () => {
      const res = await cinder.action(volumeId, { 'os-extend': { new_size: 'x'.repeat(120000) } });
      expect(res.status).toBe(413);
      expect(res.text).toContain('Request is too large. Larger than max_request_body_size (114688).');
    });

    it('create without a size is 400 with Cinder\'s message', async () => {
      const res = await cinder.request('POST', `/v3/${cinder.project}/volumes`, { body: { volume: { name: 'x' } } });
      expect(res.status).toBe(400);
      expect(res.json.badRequest.message).toBe("Invalid input received: Volume size 'None' must be an integer and greater than 0");
    });

    it('create without a volume is 400 from the schema', async () => {
      const res = await cinder.request('POST', `/v3/${cinder.project}/volumes`, { body: { size: 1 } });
      expect(res.status).toBe(400);
      expect(res.json).toEqual({ badRequest: { code: 400, message: "'volume' is a required property" } });
    });
  });
});
