import { Queue, QueueEvents } from 'bullmq';
import { redisOptions } from '@app/config';
import { HttpVolumeTransport, QueueVolumeTransport, VolumeActionError, VolumeClient } from '@app/volume-client';
import { CinderClient } from './support/cinder-client';
import { engineEnv, startHttpEngine, type EngineEnv, type EngineProcess } from './support/engine-process';
import { EventLog } from './support/event-log';

const PROJECT = 'services';
const CALLER = { user_id: 'nova', project_id: PROJECT, roles: ['member', 'reader'], service_roles: ['service'] };

describe('internal services: idempotent commands over HTTP and the command queue', () => {
  let env: EngineEnv;
  let engine: EngineProcess;
  let cinder: CinderClient;
  let queue: Queue;
  let queueEvents: QueueEvents;

  const start = async () => {
    const started = await startHttpEngine('all-in-one', env);
    engine = started.engine;
    cinder = new CinderClient(started.base, PROJECT, { 'OpenStack-API-Version': 'volume 3.71' });
  };
  const volume = async () => {
    const { id } = await cinder.createVolume(1);
    await cinder.waitForStatus(id, 'available');
    return id;
  };
  const withLog = async <T>(use: (log: EventLog) => Promise<T>) => {
    const log = new EventLog(env.DATA_DIR);
    try {
      return await use(log);
    } finally {
      await log.close();
    }
  };

  beforeAll(async () => {
    env = await engineEnv({ STORAGE_BACKEND: 'faulty-file', BACKEND_DELAYS: 'extend.before=600000' });
    await start();
    const options = { connection: redisOptions(env.REDIS_URL), prefix: env.QUEUE_PREFIX };
    queue = new Queue('volume-commands', options);
    queueEvents = new QueueEvents('volume-commands', options);
    await queueEvents.waitUntilReady();
  });
  afterAll(async () => {
    await queueEvents?.close();
    await queue?.close();
    await engine?.kill();
  });

  describe('Idempotency-Key over HTTP', () => {
    it('answers a retry as the first time and appends once, even after a restart', async () => {
      const id = await volume();
      const send = () => cinder.action(id, { 'os-set_image_metadata': { metadata: { image_name: 'cirros' } } }, { 'Idempotency-Key': 'key-1' });
      const first = await send();
      const revision = await withLog((log) => log.revision(id));
      await cinder.action(id, { 'os-set_image_metadata': { metadata: { other: 'x' } } });
      const retry = await send();
      expect([retry.status, retry.json]).toEqual([first.status, first.json]);
      expect(first.json).toEqual({ metadata: { image_name: 'cirros' } });

      await engine.kill();
      await start();
      const afterRestart = await send();
      expect([afterRestart.status, afterRestart.json]).toEqual([200, { metadata: { image_name: 'cirros' } }]);
      await withLog(async (log) => {
        const events = await log.eventsSince(id, 0);
        expect(events.filter((e) => e.metadata.idempotency_key === 'key-1')).toHaveLength(1);
        expect(await log.revision(id)).toBe(revision! + 1);
      });
    });

    it('answers an extend retry 202 without a second request, although the volume is now extending', async () => {
      const id = await volume();
      const send = () => cinder.action(id, { 'os-extend': { new_size: 2 } }, { 'Idempotency-Key': 'extend-1' });
      expect((await send()).status).toBe(202);
      const retry = await send();
      expect([retry.status, retry.text]).toEqual([202, '']);
      const types = await withLog(async (log) => (await log.eventsSince(id, 0)).map((e) => e.type));
      expect(types.filter((t) => t === 'VolumeExtendRequested')).toHaveLength(1);
    });

    it('refuses the same key with a different body with 409, appending nothing', async () => {
      const id = await volume();
      await cinder.action(id, { 'os-set_bootable': { bootable: true } }, { 'Idempotency-Key': 'k-2' });
      const before = await withLog((log) => log.revision(id));
      const res = await cinder.action(id, { 'os-set_bootable': { bootable: false } }, { 'Idempotency-Key': 'k-2' });
      expect(res.status).toBe(409);
      expect(res.json).toEqual({
        conflictingRequest: {
          code: 409,
          message: `Idempotency-Key k-2 was already used on volume ${id} with a different request body. Use a new key for a different request.`,
        },
      });
      expect(await withLog((log) => log.revision(id))).toBe(before);
    });
  });

  describe('the command queue', () => {
    const send = async (data: unknown, jobId?: string) => {
      const job = await queue.add('command', data, { jobId });
      return job.waitUntilFinished(queueEvents, 20000);
    };
    const command = (action: string, volumeId: string, body: unknown, extra: object = {}) => ({
      action, volume_id: volumeId, project_id: PROJECT, caller: CALLER, body, microversion: '3.71', ...extra,
    });

    it('gives a command and its HTTP twin the same events and answer', async () => {
      const [viaQueue, viaHttp] = [await volume(), await volume()];
      const queued = await send(command('os-reserve', viaQueue, {}));
      const http = await cinder.action(viaHttp, { 'os-reserve': {} });
      expect(queued).toEqual({ status: http.status, body: null });
      const [a, b] = await withLog(async (log) => [await log.eventsSince(viaQueue, 2), await log.eventsSince(viaHttp, 2)]);
      expect(a.map((e) => [e.type, e.data])).toEqual(b.map((e) => [e.type, e.data]));
      expect(a[0].metadata.actor).toMatchObject({ user_id: 'nova', service: true });
    });

    it('answers a body-returning action as HTTP would', async () => {
      const id = await volume();
      expect(await send(command('os-set_image_metadata', id, { metadata: { a: '1' } }))).toEqual({ status: 200, body: { metadata: { a: '1' } } });
    });

    it('fails a malformed command with Cinder\'s fault as the reason, appending nothing', async () => {
      const id = await volume();
      const before = await withLog((log) => log.revision(id));
      await expect(send(command('os-extend', id, { new_size: 0 }))).rejects.toThrow(
        JSON.stringify({ status: 400, body: { badRequest: { code: 400, message: 'Invalid input for field/attribute new_size. Value: 0. 0 is less than the minimum of 1' } } }),
      );
      await expect(send({ action: 'os-reserve', volume_id: id })).rejects.toThrow(/Invalid volume command message: project_id must be a non-empty string/);
      await expect(send(command('os-frobnicate', id, {}))).rejects.toThrow(/There is no such action: os-frobnicate/);
      expect(await withLog((log) => log.revision(id))).toBe(before);
    });

    it('is idempotent by job id, even once the job is gone', async () => {
      const id = await volume();
      await send(command('os-extend', id, { new_size: 3 }), 'extend-job-1');
      await queue.remove('extend-job-1');
      expect(await send(command('os-extend', id, { new_size: 3 }), 'extend-job-1')).toEqual({ status: 202, body: null });
      const types = await withLog(async (log) => (await log.eventsSince(id, 0)).map((e) => e.type));
      expect(types.filter((t) => t === 'VolumeExtendRequested')).toHaveLength(1);
    });

    it('carries the sender\'s correlation id into the events, as the HTTP header does', async () => {
      const [viaQueue, viaHttp] = [await volume(), await volume()];
      await send(command('os-reserve', viaQueue, {}, { correlation_id: 'workflow-42' }));
      await cinder.action(viaHttp, { 'os-reserve': {} }, { 'X-Correlation-Id': 'workflow-43' });
      const [a, b] = await withLog(async (log) => [await log.eventsSince(viaQueue, 2), await log.eventsSince(viaHttp, 2)]);
      expect(a[0].metadata.correlation_id).toBe('workflow-42');
      expect(b[0].metadata.correlation_id).toBe('workflow-43');
    });
  });

  describe('the typed client', () => {
    it.each(['http', 'queue'] as const)('drives the actions over %s, and throws Cinder\'s refusals', async (kind) => {
      const transport =
        kind === 'http'
          ? new HttpVolumeTransport({ baseUrl: cinder.base, projectId: PROJECT, headers: { 'X-Auth-Token': `nova:${PROJECT}` } })
          : new QueueVolumeTransport({ connection: redisOptions(env.REDIS_URL), prefix: env.QUEUE_PREFIX, caller: CALLER, projectId: PROJECT });
      const client = new VolumeClient(transport);
      try {
        const id = await volume();
        expect(await client.setImageMetadata(id, { metadata: { k: 'v' } })).toEqual({ status: 200, body: { metadata: { k: 'v' } } });
        expect((await client.reserve(id, { idempotencyKey: `${kind}-reserve` })).status).toBe(202);
        expect((await client.reserve(id, { idempotencyKey: `${kind}-reserve` })).status).toBe(202);
        const refused = await client.reserve(id).catch((error: unknown) => error);
        expect(refused).toBeInstanceOf(VolumeActionError);
        expect(refused).toMatchObject({
          status: 400,
          fault: { badRequest: { code: 400, message: 'Invalid volume: Volume status must be available to reserve, but the status is attaching.' } },
        });
        const connection = await client.initializeConnection(id, { connector: { host: 'compute-1' } });
        expect(connection.body.connection_info.driver_volume_type).toBe('local');
      } finally {
        await client.close();
      }
    });
  });
});
