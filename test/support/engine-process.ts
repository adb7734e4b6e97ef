import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const ROOT = resolve(__dirname, '../..');
export const ENTRY = {
  'all-in-one': join(ROOT, 'dist/apps/all-in-one/src/main.js'),
  api: join(ROOT, 'dist/apps/api/src/main.js'),
  worker: join(ROOT, 'dist/apps/worker/src/main.js'),
  cli: join(ROOT, 'dist/apps/cli/src/main.js'),
} as const;

export const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379/13';

/** One engine's surroundings: its own data folder, queue prefix and port, shared Redis server. */
export interface EngineEnv {
  DATA_DIR: string;
  REDIS_URL: string;
  QUEUE_PREFIX: string;
  EVENT_STORE: string;
  PORT: string;
  [key: string]: string;
}

export async function engineEnv(overrides: Record<string, string> = {}): Promise<EngineEnv> {
  return {
    DATA_DIR: await mkdtemp(join(tmpdir(), 'cinder-e2e-')),
    REDIS_URL,
    QUEUE_PREFIX: `e2e-${Math.random().toString(36).slice(2, 10)}`,
    EVENT_STORE: 'sqlite',
    PORT: String(await freePort()),
    // Suites create many volumes per project; the quota suite sets its own limits.
    QUOTA_VOLUMES: '-1',
    QUOTA_GIGABYTES: '-1',
    ...overrides,
  };
}

export class EngineProcess {
  readonly output: string[] = [];
  private exited: Promise<number | null>;

  private constructor(readonly child: ChildProcess) {
    child.stdout!.on('data', (chunk: Buffer) => this.output.push(chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => this.output.push(chunk.toString()));
    this.exited = new Promise((done) => child.once('exit', (code) => done(code)));
  }

  static start(kind: keyof typeof ENTRY, env: Record<string, string>): EngineProcess {
    const child = spawn(process.execPath, [ENTRY[kind]], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return new EngineProcess(child);
  }

  get logs() {
    return this.output.join('');
  }

  async waitForLog(pattern: RegExp, timeoutMs = 20000) {
    await waitFor(() => pattern.test(this.logs), timeoutMs, () => `log ${pattern} not seen:\n${this.logs}`);
  }

  /** Stops the process; one that has not exited after the grace period is killed outright. */
  async kill(signal: NodeJS.Signals = 'SIGTERM', graceMs = 5000) {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill(signal);
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    try {
      return await this.exited;
    } finally {
      clearTimeout(timer);
    }
  }
}

/** Starts an HTTP-serving engine process and waits until it answers. */
export async function startHttpEngine(kind: 'all-in-one' | 'api', env: EngineEnv) {
  const engine = EngineProcess.start(kind, env);
  const base = `http://127.0.0.1:${env.PORT}`;
  await waitFor(
    async () => (await fetch(`${base}/`).catch(() => null)) !== null,
    30000,
    () => `engine did not answer on ${base}:\n${engine.logs}`,
  );
  return { engine, base };
}

export async function waitFor(
  check: () => boolean | Promise<boolean>,
  timeoutMs: number,
  explain: () => string = () => 'condition not met',
) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`Timed out after ${timeoutMs} ms: ${explain()}`);
}

async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });
}
