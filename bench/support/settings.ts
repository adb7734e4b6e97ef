// Sizes and places of the benchmarks, all from the environment so a quick run is one variable
// away: BENCH_QUICK=1 shrinks every size (a smoke run of a minute or two), and each size can be
// set on its own (BENCH_DURATION_S=20, BENCH_REBUILD_EVENTS=200000, ...).
import { resolve } from 'node:path';

export const QUICK = process.env.BENCH_QUICK === '1';

function int(name: string, full: number, quick: number): number {
  const raw = process.env[name]?.trim();
  if (!raw) return QUICK ? quick : full;
  const value = Number(raw.replace(/_/g, ''));
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a whole number, got "${raw}"`);
  return value;
}

function list(name: string, full: number[], quick: number[]): number[] {
  const raw = process.env[name]?.trim();
  if (!raw) return QUICK ? quick : full;
  return raw.split(',').map((part) => {
    const value = Number(part.trim());
    if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be positive whole numbers separated by commas, got "${raw}"`);
    return value;
  });
}

export const BENCH_ROOT = resolve(__dirname, '..');
export const PROJECT_ROOT = resolve(BENCH_ROOT, '..');

export const settings = {
  /** The folder whose dist/ holds the built engine; the project itself unless a private build is wanted. */
  engineRoot: resolve(process.env.BENCH_ENGINE_ROOT?.trim() || PROJECT_ROOT),
  /** A Redis database of its own; every key is under a fresh prefix and removed afterwards. */
  redisUrl: process.env.BENCH_REDIS_URL?.trim() || 'redis://127.0.0.1:6379/15',
  /** Extra settings for the engine's processes, e.g. BENCH_ENGINE_ENV="LOG_LEVEL=warn,WORKER_CONCURRENCY=16". */
  engineEnv: Object.fromEntries(
    (process.env.BENCH_ENGINE_ENV ?? '')
      .split(',')
      .map((pair) => pair.trim())
      .filter(Boolean)
      .map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)]),
  ) as Record<string, string>,
  /** Experiments on the engine, named in docs/benchmarks.md: `sqlite-normal`. Not how the engine runs. */
  whatIf: (process.env.BENCH_WHAT_IF ?? '').split(',').map((s) => s.trim()).filter(Boolean),
  resultsDir: resolve(process.env.BENCH_RESULTS_DIR?.trim() || resolve(BENCH_ROOT, 'results')),

  // Action acceptance (HTTP, autocannon).
  workloads: (process.env.BENCH_WORKLOADS?.trim() || 'set_bootable,reserve,extend,contention,extend_one_project').split(',').map((s) => s.trim()),
  /** The volumes are spread over this many projects (each project has one quota stream). */
  projects: int('BENCH_PROJECTS', 8, 8),
  connections: list('BENCH_CONNECTIONS', [1, 16, 64], [1, 16, 64]),
  durationS: int('BENCH_DURATION_S', 10, 3),
  warmupS: int('BENCH_WARMUP_S', 2, 1),
  volumes: int('BENCH_VOLUMES', 512, 128),
  oneProjectVolumes: int('BENCH_ONE_PROJECT_VOLUMES', 256, 128),
  oneProjectConnections: int('BENCH_ONE_PROJECT_CONNECTIONS', 16, 16),
  contentionDurationS: int('BENCH_CONTENTION_DURATION_S', 10, 3),
  contentionConnections: int('BENCH_CONTENTION_CONNECTIONS', 64, 64),

  // End to end (extend until the read model shows it).
  e2eExtends: int('BENCH_E2E_EXTENDS', 1000, 200),
  e2eSerialExtends: int('BENCH_E2E_SERIAL_EXTENDS', 200, 40),
  e2eInFlight: int('BENCH_E2E_IN_FLIGHT', 16, 16),

  // Event store.
  singleAppends: int('BENCH_SINGLE_APPENDS', 5000, 1000),
  batchAppends: int('BENCH_BATCH_APPENDS', 1000, 200),
  batchSize: int('BENCH_BATCH_SIZE', 100, 100),
  streamLengths: list('BENCH_STREAM_LENGTHS', [10, 1000, 100000], [10, 1000, 10000]),
  rehydrations: int('BENCH_REHYDRATIONS', 20, 5),
  quotaVolumes: int('BENCH_QUOTA_VOLUMES', 1000, 1000),
  quotaStreamLengths: list('BENCH_QUOTA_STREAM_LENGTHS', [1000, 3000, 10000], [1000, 3000]),

  // Projection rebuild.
  rebuildEvents: int('BENCH_REBUILD_EVENTS', 1_000_000, 100_000),
  /** 0: the rebuild's own default page size (what `cinder-engine rebuild` uses). */
  rebuildPageSize: int('BENCH_REBUILD_PAGE_SIZE', 0, 0),

  // The JSON Lines export (export-1m.ts).
  exportEvents: int('BENCH_EXPORT_EVENTS', 1_000_000, 100_000),
};
