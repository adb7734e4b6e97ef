// Starts the built engine the way it runs in production: an API process and a worker process
// (reactor, projector, backend jobs) sharing one SQLite file and one Redis, each benchmark with
// its own data folder, port and Redis key prefix. Their logs go to files in the data folder.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { settings } from './settings';

export type EngineKind = 'api' | 'worker' | 'all-in-one';

export interface EngineOptions {
  /** 'split' (default): an api and a worker process; 'all-in-one': one process doing both. */
  topology?: 'split' | 'all-in-one';
  env?: Record<string, string>;
}

export class Engine {
  private constructor(
    readonly base: string,
    readonly dataDir: string,
    readonly prefix: string,
    readonly env: Record<string, string>,
    private readonly processes: { kind: EngineKind; child: ChildProcess; log: string }[],
  ) {}

  static async start({ topology = process.env.BENCH_TOPOLOGY === 'all-in-one' ? 'all-in-one' : 'split', env = {} }: EngineOptions = {}) {
    const dataDir = await mkdtemp(join(tmpdir(), 'cinder-bench-'));
    const prefix = `bench-${Math.random().toString(36).slice(2, 10)}`;
    const port = await freePort();
    const fullEnv: Record<string, string> = {
      DATA_DIR: dataDir,
      REDIS_URL: settings.redisUrl,
      QUEUE_PREFIX: prefix,
      EVENT_STORE: 'sqlite',
      PORT: String(port),
      HOST: '127.0.0.1',
      QUOTA_VOLUMES: '-1',
      QUOTA_GIGABYTES: '-1',
      // Sparse files: a large pool costs nothing, and extends never run out of room.
      BACKENDS: 'engine@file#default:100000000',
      ...settings.engineEnv,
      ...env,
    };
    const kinds: EngineKind[] = topology === 'all-in-one' ? ['all-in-one'] : ['api', 'worker'];
    mkdirSync(join(dataDir, 'logs'), { recursive: true });
    const processes = kinds.map((kind) => {
      const entry = join(settings.engineRoot, 'dist/apps', kind, 'src/main.js');
      if (!existsSync(entry)) throw new Error(`${entry} is missing: build the engine first (npm run build), or set BENCH_ENGINE_ROOT`);
      const log = join(dataDir, 'logs', `${kind}.log`);
      const fd = openSync(log, 'a');
      const child = spawn(process.execPath, [...nodeFlags(kind), entry], {
        cwd: settings.engineRoot,
        env: { ...process.env, ...fullEnv },
        stdio: ['ignore', fd, fd],
      });
      return { kind, child, log };
    });
    const engine = new Engine(`http://127.0.0.1:${port}`, dataDir, prefix, fullEnv, processes);
    await engine.waitUntilUp();
    return engine;
  }

  pids(): Record<string, number> {
    return Object.fromEntries(this.processes.map((p) => [p.kind, p.child.pid!]));
  }

  logs(kind: EngineKind): string {
    const found = this.processes.find((p) => p.kind === kind);
    return found ? readFileSync(found.log, 'utf8') : '';
  }

  private async waitUntilUp() {
    const deadline = Date.now() + 60000;
    for (;;) {
      const dead = this.processes.find((p) => p.child.exitCode !== null);
      if (dead) throw new Error(`${dead.kind} exited with ${dead.child.exitCode}:\n${this.logs(dead.kind).slice(-4000)}`);
      const up = await fetch(`${this.base}/`).then(() => true, () => false);
      const workerUp = this.processes.every((p) => p.kind !== 'worker' || /Worker started/.test(this.logs('worker')));
      if (up && workerUp) return;
      if (Date.now() > deadline) throw new Error(`engine did not start:\n${this.processes.map((p) => this.logs(p.kind).slice(-2000)).join('\n')}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** Stops the processes (SIGTERM, then SIGKILL after 10 s), removes the data folder and the Redis keys. */
  async stop({ keepData = process.env.BENCH_KEEP_DATA === '1' } = {}) {
    await Promise.all(
      this.processes.map(async ({ child }) => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        const exited = new Promise((done) => child.once('exit', done));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 10000);
        await exited;
        clearTimeout(timer);
      }),
    );
    await deleteKeys(this.prefix);
    if (!keepData) await rm(this.dataDir, { recursive: true, force: true });
  }
}

/**
 * BENCH_CPU_PROF=api,worker profiles those processes (files in the results folder's profiles/).
 * BENCH_WHAT_IF=sqlite-normal runs the experiment in support/what-if-sqlite-normal.js.
 */
function nodeFlags(kind: EngineKind): string[] {
  const flags: string[] = [];
  if (settings.whatIf.includes('sqlite-normal')) flags.push('--require', join(__dirname, 'what-if-sqlite-normal.js'));
  const wanted = (process.env.BENCH_CPU_PROF ?? '').split(',').map((s) => s.trim());
  if (!wanted.includes(kind)) return flags;
  const dir = join(settings.resultsDir, 'profiles');
  mkdirSync(dir, { recursive: true });
  return [...flags, '--cpu-prof', `--cpu-prof-dir=${dir}`, `--cpu-prof-name=${kind}-${Date.now()}.cpuprofile`];
}

export function redisClient(): Redis {
  return new Redis(settings.redisUrl, { maxRetriesPerRequest: null, lazyConnect: false });
}

export async function redisVersion(): Promise<string | null> {
  const redis = redisClient();
  try {
    const info = await redis.info('server');
    return /redis_version:(\S+)/.exec(info)?.[1] ?? null;
  } catch {
    return null;
  } finally {
    redis.disconnect();
  }
}

/** The Redis server's process id, when it runs on this machine (for CPU accounting). */
export async function redisPid(): Promise<number | null> {
  const redis = redisClient();
  try {
    return Number(/process_id:(\d+)/.exec(await redis.info('server'))?.[1]) || null;
  } finally {
    redis.disconnect();
  }
}

export async function deleteKeys(prefix: string) {
  const redis = redisClient();
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      if (keys.length) await redis.unlink(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

export async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });
}
