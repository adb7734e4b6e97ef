import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { request as httpRequest } from 'node:http';
import { createServer } from 'node:net';
import { redisOptions } from '@app/config';
import { CinderClient } from './support/cinder-client';
import { EventLog } from './support/event-log';
import { EngineProcess, engineEnv, startHttpEngine, waitFor, type EngineEnv } from './support/engine-process';

async function freePort(): Promise<number> {
  return new Promise((done) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });
}

/**
 * SIGTERM to a worker in the middle of a backend job. A job that outlives SHUTDOWN_GRACE_MS is
 * handed back to the queue (not left to its lock, which lasts 30 s here), and a worker started
 * after it completes the job; a job that ends within the grace period completes before the worker
 * exits. Nothing is lost and nothing is recorded twice; the followers stop with their checkpoints.
 */
describe('a worker stopped with SIGTERM during a running job', () => {
  let env: EngineEnv;
  let api: EngineProcess;
  const workers: EngineProcess[] = [];
  let cinder: CinderClient;
  let log: EventLog;
  let queue: Queue;
  let redis: Redis;

  beforeAll(async () => {
    env = await engineEnv({ STORAGE_BACKEND: 'faulty-file', JOB_LOCK_DURATION_MS: '30000' });
    const started = await startHttpEngine('api', env);
    api = started.engine;
    cinder = new CinderClient(started.base);
    log = new EventLog(env.DATA_DIR);
    queue = new Queue('volume-operations', { connection: redisOptions(env.REDIS_URL), prefix: env.QUEUE_PREFIX });
    redis = new Redis(redisOptions(env.REDIS_URL));
  });

  afterAll(async () => {
    await queue?.close();
    redis?.disconnect();
    await log?.close();
    await Promise.all([api, ...workers].map((p) => p?.kill()));
  });

  const startWorker = (extra: Record<string, string>) => {
    const worker = EngineProcess.start('worker', { ...env, ...extra });
    workers.push(worker);
    return worker;
  };
  const extendJobActive = async () => (await queue.getJobs(['active'])).some((job) => job.name === 'extend_volume');
  const count = async (id: string, type: string) => (await log.eventsSince(id, 0)).filter((e) => e.type === type).length;

  it('hands a job that outlives the grace period back, and a new worker completes it', async () => {
    const opsPort = await freePort();
    const first = startWorker({ BACKEND_DELAYS: 'extend.before=5000', SHUTDOWN_GRACE_MS: '500', OPS_PORT: String(opsPort) });
    await waitFor(async () => (await cinder.request('GET', `/v3/${cinder.project}/os-services`)).json?.services?.length === 1, 20000, () => first.logs);
    await first.waitForLog(/Worker started/);
    expect((await fetch(`http://127.0.0.1:${opsPort}/readyz`)).status).toBe(200);
    const { id } = await cinder.createVolume(1);
    await cinder.waitForStatus(id, 'available');

    expect((await cinder.action(id, { 'os-extend': { new_size: 2 } })).status).toBe(202);
    await waitFor(extendJobActive, 10000, () => `the extend job never became active:\n${first.logs}`);

    const stopping = Date.now();
    await first.kill('SIGTERM', 15000);
    expect(Date.now() - stopping).toBeLessThan(5000);
    expect(first.logs).toMatch(/extend_volume-[^ ]+ \(extend_volume\) still running after 500 ms of shutdown: handed back to the queue/);
    expect(first.logs).toMatch(/"context":"Reactor","msg":"Stopped after the event at position \d+; its checkpoint is saved\."/);
    // Handed back: waiting for a worker, not held by the dead one's lock.
    expect(await extendJobActive()).toBe(false);
    expect((await queue.getJobs(['wait'])).map((job) => job.name)).toContain('extend_volume');
    const requested = (await log.eventsSince(id, 0)).find((e) => e.type === 'VolumeExtendRequested')!;
    expect(BigInt((await redis.get(`${env.QUEUE_PREFIX}:reactor:checkpoint`))!)).toBeGreaterThanOrEqual(requested.position);
    expect((await cinder.getVolume(id)).status).toBe('extending');

    startWorker({ BACKEND_DELAYS: '' });
    // Well within the 30 s lock: the job was handed back, not left to expire.
    await cinder.waitForStatus(id, 'available', 10000);
    expect(await cinder.getVolume(id)).toMatchObject({ status: 'available', size: 2 });
    expect(await count(id, 'VolumeExtended')).toBe(1);
  });

  it('lets a job that ends within the grace period finish before the worker exits', async () => {
    const { id } = await cinder.createVolume(1);
    await cinder.waitForStatus(id, 'available');
    // The worker from the first case is still running; stop it so the slow one gets the job.
    await Promise.all(workers.map((worker) => worker.kill('SIGTERM', 15000)));
    const slow = startWorker({ BACKEND_DELAYS: 'extend.before=1500', SHUTDOWN_GRACE_MS: '20000' });
    await slow.waitForLog(/Worker started/);

    expect((await cinder.action(id, { 'os-extend': { new_size: 3 } })).status).toBe(202);
    await waitFor(extendJobActive, 10000, () => slow.logs);
    await slow.kill('SIGTERM', 15000);

    expect(await count(id, 'VolumeExtended')).toBe(1);
    expect(slow.logs).not.toMatch(/handed back/);
    expect(await cinder.getVolume(id)).toMatchObject({ status: 'available', size: 3 });
  });
});

/**
 * SIGTERM to the API while a request is in flight (its body still arriving): the request is
 * finished and answered, its events recorded; what arrives after the signal is refused.
 */
describe('an API stopped with SIGTERM during a request', () => {
  let env: EngineEnv;
  let engine: EngineProcess;
  let base: string;
  let log: EventLog;

  beforeAll(async () => {
    env = await engineEnv();
    ({ engine, base } = await startHttpEngine('api', env));
    log = new EventLog(env.DATA_DIR);
  });

  afterAll(async () => {
    await log?.close();
    await engine?.kill();
  });

  it('answers the request in flight, then stops', async () => {
    const body = JSON.stringify({ volume: { size: 1, name: 'in-flight' } });
    const { port } = new URL(base);
    let answer!: Promise<{ status: number; text: string }>;
    const request = httpRequest(
      { host: '127.0.0.1', port, method: 'POST', path: '/v3/e2eproject/volumes', headers: { 'X-Auth-Token': 'admin:e2eproject', 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) } },
    );
    answer = new Promise((done, fail) => {
      request.once('error', fail);
      request.once('response', (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => done({ status: response.statusCode!, text: Buffer.concat(chunks).toString() }));
      });
    });
    request.write(body.slice(0, 10));
    await new Promise((r) => setTimeout(r, 200));

    const stopping = Date.now();
    const exited = engine.kill('SIGTERM', 15000);
    await new Promise((r) => setTimeout(r, 300));
    const late = await fetch(`${base}/healthz`).then((r) => r.status, () => 'refused');
    expect([503, 'refused']).toContain(late);

    request.end(body.slice(10));
    const { status, text } = await answer;
    expect(status).toBe(202);
    await exited;
    // Not held by the client's keep-alive connection: the answer closed it.
    expect(Date.now() - stopping).toBeLessThan(3000);
    const id = JSON.parse(text).volume.id as string;
    expect((await log.eventsSince(id, 0)).map((e) => e.type)).toEqual(['VolumeCreateRequested']);
  });
});
