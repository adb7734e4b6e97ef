import { spawn, type ChildProcess } from 'node:child_process';
import { connect, createServer } from 'node:net';
import { engineEnv, startHttpEngine, waitFor, type EngineEnv, type EngineProcess } from './support/engine-process';

const REDIS_PASSWORD = 's3cret-redis-pass';
const NOVA_TOKEN = 'n0va-secret-token';

async function freePort(): Promise<number> {
  return new Promise((done) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });
}

/** A Redis of this test's own (never the shared one on 6379), to stop and start again. */
class OwnRedis {
  private process: ChildProcess | null = null;
  constructor(readonly port: number) {}

  async start() {
    this.process = spawn('redis-server', ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--requirepass', REDIS_PASSWORD], {
      stdio: 'ignore',
    });
    await waitFor(
      () => new Promise<boolean>((done) => {
        const socket = connect(this.port, '127.0.0.1');
        socket.once('connect', () => socket.end(() => done(true)));
        socket.once('error', () => done(false));
      }),
      5000,
      () => `redis-server did not start on ${this.port}`,
    );
  }

  async stop() {
    const child = this.process;
    this.process = null;
    if (!child || child.exitCode !== null) return;
    await new Promise((done) => {
      child.once('exit', done);
      child.kill('SIGTERM');
    });
  }
}

/**
 * /readyz follows what the engine depends on: unready (503) while its Redis is down, ready again
 * once it is back; /healthz (liveness) stays up throughout. The same engine shows that its
 * credentials never reach the log and that the queue dashboard admits admins only.
 */
describe('readiness, secrets and the dashboard behind a keystone gateway', () => {
  let redis: OwnRedis;
  let env: EngineEnv;
  let engine: EngineProcess;
  let base: string;

  const readiness = async () => {
    const response = await fetch(`${base}/readyz`);
    return { status: response.status, body: (await response.json()) as Record<string, any> };
  };

  beforeAll(async () => {
    redis = new OwnRedis(await freePort());
    await redis.start();
    env = await engineEnv({
      REDIS_URL: `redis://:${REDIS_PASSWORD}@127.0.0.1:${redis.port}/0`,
      AUTH_STRATEGY: 'keystone-headers',
      COMPUTE: 'nova',
      NOVA_URL: 'http://127.0.0.1:9/v2.1',
      NOVA_AUTH_TOKEN: NOVA_TOKEN,
    });
    ({ engine, base } = await startHttpEngine('all-in-one', env));
  });

  afterAll(async () => {
    await engine?.kill();
    await redis?.stop();
  });

  it('turns unready when Redis stops and ready again when it returns', async () => {
    await waitFor(async () => (await readiness()).status === 200, 15000, () => engine.logs);
    expect((await readiness()).body).toMatchObject({ status: 'ok', info: { event_store: { status: 'up' }, redis: { status: 'up' }, projection: { status: 'up' } } });

    await redis.stop();
    await waitFor(async () => (await readiness()).status === 503, 10000);
    const down = await readiness();
    expect(down.body).toMatchObject({ status: 'error', error: { redis: { status: 'down' } }, info: { event_store: { status: 'up' } } });
    expect((await fetch(`${base}/healthz`)).status).toBe(200);

    await redis.start();
    await waitFor(async () => (await readiness()).status === 200, 20000, () => JSON.stringify(down.body));
    expect((await readiness()).body.status).toBe('ok');
  });

  it('logs its settings with every credential redacted', () => {
    const settings = engine.logs.split('\n').filter(Boolean).map((line) => JSON.parse(line)).find((line) => line.msg === 'Settings in force');
    expect(settings.settings).toMatchObject({
      redisUrl: `redis://:[REDACTED]@127.0.0.1:${redis.port}/0`,
      compute: { kind: 'nova', token: '[REDACTED]' },
    });
    expect(engine.logs).not.toContain(REDIS_PASSWORD);
    expect(engine.logs).not.toContain(NOVA_TOKEN);
  });

  it('opens the queue dashboard to admins only, identified as the API identifies them', async () => {
    const as = (roles: string) => ({
      'X-Identity-Status': 'Confirmed',
      'X-User-Id': 'u1',
      'X-Project-Id': 'p1',
      'X-Roles': roles,
    });
    expect((await fetch(`${base}/admin/queues`)).status).toBe(401);
    expect((await fetch(`${base}/admin/queues`, { headers: as('member,reader') })).status).toBe(403);
    expect((await fetch(`${base}/admin/queues`, { headers: as('admin') })).status).toBe(200);
  });
});
