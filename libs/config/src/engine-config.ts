import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * Every setting of the engine, read from the environment once at start-up. A bad value stops
 * start-up with a ConfigError that names the setting and says what would be accepted.
 */
export interface EngineConfig {
  port: number;
  host: string;
  dataDir: string;
  redisUrl: string;
  eventStore: 'sqlite' | 'eventstoredb' | 'memory';
  eventStoreConnectionString: string | null;
  /** The pools (`host@backend#pool`) this engine's workers serve, with their capacity in GiB. */
  backends: Array<{ pool: string; capacityGb: number }>;
  /** How often a worker reports its pools (Cinder's report_interval). */
  serviceReportIntervalMs: number;
  /** A service that has not reported for this long is down (Cinder's service_down_time). */
  serviceDownTimeMs: number;
  availabilityZone: string;
  storageBackend: 'file' | 'faulty-file';
  /** faulty-file only: `point=milliseconds` pairs, e.g. `extend.before=3000`. */
  backendDelays: Record<string, number>;
  /** faulty-file only: points that throw, e.g. `extend.before`. */
  backendFailures: string[];
  workerConcurrency: number;
  /** How long a job's lock lives; a job whose worker died is retried after at most this long. */
  jobLockDurationMs: number;
  queuePrefix: string;
  authStrategy: 'noauth' | 'keystone-headers';
  /** A policy.yaml overriding Cinder's default rules, or null for the defaults. */
  policyFile: string | null;
  serviceTokenRoles: string[];
  maxRequestBodySize: number;
  /** Nova, for the #2004555 attachment check and `volume-extended` events; `none` without Nova. */
  compute: { kind: 'none' } | { kind: 'nova'; url: string; token: string };
  /** cinder.conf `enable_force_upload`: without it, `force` on upload-to-image is ignored. */
  enableForceUpload: boolean;
  /** cinder.conf `allow_compression_on_image_upload`. */
  allowCompressionOnImageUpload: boolean;
  /** Cinder's `per_volume_size_limit` quota in GiB; -1 for no limit. */
  perVolumeGigabytes: number;
  /** Cinder's default project quotas (`quota_volumes`, `quota_gigabytes`); -1 for unlimited. */
  quotas: { volumes: number; gigabytes: number };
  /** How long an Idempotency-Key is remembered. */
  idempotencyWindowMs: number;
  /** The BullMQ queue internal services send volume commands on. */
  commandQueue: string;
  /** Where images live: the embedded store under the data folder, or Glance's v2 API. */
  imageService: { kind: 'local' } | { kind: 'glance'; url: string; token: string };
  /** cinder.conf `image_conversion_dir`: where workers stage image data on its way to or from a volume. */
  imageConversionDir: string;
  /** A volume in a transitional status this long without a live job is stuck; the watchdog acts on it. */
  stuckAfterMs: number;
  /** How often the watchdog looks for stuck operations and for a Redis that lost its data. */
  watchdogIntervalMs: number;
  /** Operating the engine: logs, shutdown, readiness, tracing, process roles. */
  logLevel: LogLevel;
  /** On SIGTERM, running backend jobs get this long to finish; the rest are handed back to the queue. */
  shutdownGraceMs: number;
  /** /readyz is unready while the projector is more than this many volume events behind the log. */
  readyMaxProjectionLag: number;
  /** A worker process serves /healthz, /readyz and /metrics on this port; null for none (the API serves them on PORT). */
  opsPort: number | null;
  /** What a worker process runs: the reactor, the projector, the backend jobs (all three by default). */
  workerRoles: WorkerRole[];
  /** OTLP/HTTP endpoint (e.g. http://collector:4318) spans are exported to; null: tracing off. */
  otlpEndpoint: string | null;
  /** The service name spans are exported under; null: named for the process (cinder-api, cinder-worker, ...). */
  otelServiceName: string | null;
  /** Whether the BullMQ dashboard is served at /admin/queues (to admins only). */
  queueDashboard: boolean;
}

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
export const WORKER_ROLES = ['reactor', 'projector', 'jobs'] as const;
export type WorkerRole = (typeof WORKER_ROLES)[number];

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(
    readonly setting: string,
    reason: string,
  ) {
    super(`Invalid configuration: ${setting} ${reason}`);
  }
}

type Env = Record<string, string | undefined>;

export function loadConfig(env: Env = process.env): EngineConfig {
  const eventStore = oneOf(env, 'EVENT_STORE', ['sqlite', 'eventstoredb', 'memory'] as const, 'sqlite');
  const connectionString = env.EVENTSTORE_CONNECTION_STRING?.trim() || null;
  if (eventStore === 'eventstoredb' && !connectionString) {
    throw new ConfigError(
      'EVENTSTORE_CONNECTION_STRING',
      'must be set when EVENT_STORE=eventstoredb (e.g. esdb://127.0.0.1:2113?tls=false)',
    );
  }
  if (connectionString && !/^(esdb|kurrentdb|kdb|kurrent)(\+discover)?:\/\//.test(connectionString)) {
    throw new ConfigError(
      'EVENTSTORE_CONNECTION_STRING',
      `must start with esdb://, kurrentdb:// (or their +discover forms), got "${connectionString}"`,
    );
  }
  return {
    port: integer(env, 'PORT', 8776, 0, 65535),
    host: env.HOST?.trim() || '0.0.0.0',
    dataDir: resolve(env.DATA_DIR?.trim() || './data'),
    redisUrl: redisUrl(env),
    eventStore,
    eventStoreConnectionString: connectionString,
    backends: backends(env),
    serviceReportIntervalMs: integer(env, 'SERVICE_REPORT_INTERVAL_MS', 10000, 100, 3600000),
    serviceDownTimeMs: integer(env, 'SERVICE_DOWN_TIME_MS', 60000, 1000, 86400000),
    availabilityZone: env.AVAILABILITY_ZONE?.trim() || 'nova',
    storageBackend: oneOf(env, 'STORAGE_BACKEND', ['file', 'faulty-file'] as const, 'file'),
    backendDelays: delays(env),
    backendFailures: (env.BACKEND_FAILURES ?? '').split(',').map((s) => s.trim()).filter(Boolean),
    workerConcurrency: integer(env, 'WORKER_CONCURRENCY', 8, 1, 1000),
    jobLockDurationMs: integer(env, 'JOB_LOCK_DURATION_MS', 30000, 1000, 3600000),
    queuePrefix: env.QUEUE_PREFIX?.trim() || 'cinder',
    authStrategy: oneOf(env, 'AUTH_STRATEGY', ['noauth', 'keystone-headers'] as const, 'noauth'),
    policyFile: policyFile(env),
    serviceTokenRoles: (env.SERVICE_TOKEN_ROLES ?? 'service').split(',').map((s) => s.trim()).filter(Boolean),
    maxRequestBodySize: integer(env, 'MAX_REQUEST_BODY_SIZE', 114688, 1024, 64 * 1024 * 1024),
    compute: compute(env),
    enableForceUpload: flag(env, 'ENABLE_FORCE_UPLOAD'),
    allowCompressionOnImageUpload: flag(env, 'ALLOW_COMPRESSION_ON_IMAGE_UPLOAD'),
    quotas: { volumes: quota(env, 'QUOTA_VOLUMES', 10), gigabytes: quota(env, 'QUOTA_GIGABYTES', 1000) },
    idempotencyWindowMs: integer(env, 'IDEMPOTENCY_WINDOW_MS', 86400000, 1000, 30 * 86400000),
    commandQueue: env.COMMAND_QUEUE?.trim() || 'volume-commands',
    perVolumeGigabytes: env.PER_VOLUME_GIGABYTES?.trim() === '-1' ? -1 : integer(env, 'PER_VOLUME_GIGABYTES', -1, 1, 2147483647),
    imageService: imageService(env),
    imageConversionDir: resolve(env.IMAGE_CONVERSION_DIR?.trim() || join(resolve(env.DATA_DIR?.trim() || './data'), 'conversion')),
    stuckAfterMs: integer(env, 'STUCK_AFTER_MS', 900000, 1000, 7 * 86400000),
    watchdogIntervalMs: integer(env, 'WATCHDOG_INTERVAL_MS', 30000, 100, 3600000),
    logLevel: oneOf(env, 'LOG_LEVEL', LOG_LEVELS, 'info'),
    shutdownGraceMs: integer(env, 'SHUTDOWN_GRACE_MS', 25000, 0, 3600000),
    readyMaxProjectionLag: integer(env, 'READY_MAX_PROJECTION_LAG', 1000, 1, 1000000000),
    opsPort: env.OPS_PORT?.trim() ? integer(env, 'OPS_PORT', 0, 0, 65535) : null,
    workerRoles: workerRoles(env),
    otlpEndpoint: otlpEndpoint(env),
    otelServiceName: env.OTEL_SERVICE_NAME?.trim() || null,
    queueDashboard: oneOf(env, 'QUEUE_DASHBOARD', ['true', 'false'] as const, 'true') === 'true',
  };
}

function workerRoles(env: Env): WorkerRole[] {
  const raw = env.WORKER_ROLES?.trim();
  if (!raw) return [...WORKER_ROLES];
  const roles = raw.split(',').map((s) => s.trim()).filter(Boolean);
  const unknown = roles.find((role) => !(WORKER_ROLES as readonly string[]).includes(role));
  if (unknown !== undefined || roles.length === 0) {
    throw new ConfigError('WORKER_ROLES', `must list some of ${WORKER_ROLES.join(', ')} separated by commas, got "${raw}"`);
  }
  return [...new Set(roles)] as WorkerRole[];
}

function otlpEndpoint(env: Env): string | null {
  const raw = env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim();
  if (!raw) return null;
  if (!/^https?:\/\/[^/\s]+/.test(raw)) {
    throw new ConfigError('OTEL_EXPORTER_OTLP_ENDPOINT', `must be an OTLP/HTTP endpoint like http://collector:4318, got "${raw}"`);
  }
  return raw.replace(/\/+$/, '');
}

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    throw new ConfigError(name, `must be a whole number from ${min} to ${max}, got "${raw}"`);
  }
  return Number(raw);
}

function quota(env: Env, name: string, fallback: number): number {
  return env[name]?.trim() === '-1' ? -1 : integer(env, name, fallback, 0, 2147483647);
}

function flag(env: Env, name: string): boolean {
  return oneOf(env, name, ['true', 'false'] as const, 'false') === 'true';
}

function oneOf<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T): T {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  if (!(allowed as readonly string[]).includes(raw)) {
    throw new ConfigError(name, `must be one of ${allowed.join(', ')}, got "${raw}"`);
  }
  return raw as T;
}

function redisUrl(env: Env): string {
  const raw = env.REDIS_URL?.trim() || 'redis://127.0.0.1:6379';
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError('REDIS_URL', `is not a URL: "${raw}" (e.g. redis://127.0.0.1:6379/0)`);
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') {
    throw new ConfigError('REDIS_URL', `must use redis:// or rediss://, got "${raw}"`);
  }
  const db = url.pathname.replace(/^\//, '');
  if (db !== '' && !/^\d+$/.test(db)) {
    throw new ConfigError('REDIS_URL', `database index must be a number, got "${db}"`);
  }
  return raw;
}

function backends(env: Env): EngineConfig['backends'] {
  const raw = env.BACKENDS?.trim() || 'engine@file#default:1000';
  return raw.split(',').map((entry) => {
    const match = /^([A-Za-z0-9._-]+@[A-Za-z0-9._-]+#[A-Za-z0-9._-]+)(?::(\d+))?$/.exec(entry.trim());
    if (!match) {
      throw new ConfigError('BACKENDS', `must list host@backend#pool[:capacityGiB] entries separated by commas, got "${entry.trim()}"`);
    }
    return { pool: match[1], capacityGb: match[2] ? Number(match[2]) : 1000 };
  });
}

function compute(env: Env): EngineConfig['compute'] {
  const kind = oneOf(env, 'COMPUTE', ['none', 'nova'] as const, 'none');
  if (kind === 'none') return { kind };
  const url = env.NOVA_URL?.trim();
  if (!url || !/^https?:\/\//.test(url)) {
    throw new ConfigError('NOVA_URL', `must be Nova's compute endpoint (http(s)://host:8774/v2.1) when COMPUTE=nova, got "${url ?? ''}"`);
  }
  const token = env.NOVA_AUTH_TOKEN?.trim();
  if (!token) throw new ConfigError('NOVA_AUTH_TOKEN', 'must be set to a token with the service role when COMPUTE=nova');
  return { kind, url, token };
}

function imageService(env: Env): EngineConfig['imageService'] {
  const kind = oneOf(env, 'IMAGE_SERVICE', ['local', 'glance'] as const, 'local');
  if (kind === 'local') return { kind };
  const url = env.GLANCE_URL?.trim();
  if (!url || !/^https?:\/\//.test(url)) {
    throw new ConfigError('GLANCE_URL', `must be Glance's endpoint (http(s)://host:9292) when IMAGE_SERVICE=glance, got "${url ?? ''}"`);
  }
  const token = env.GLANCE_AUTH_TOKEN?.trim();
  if (!token) throw new ConfigError('GLANCE_AUTH_TOKEN', 'must be set to a token Glance accepts when IMAGE_SERVICE=glance');
  return { kind, url, token };
}

function policyFile(env: Env): string | null {
  const raw = env.POLICY_FILE?.trim();
  if (!raw) return null;
  const path = resolve(raw);
  if (!existsSync(path)) throw new ConfigError('POLICY_FILE', `names a file that does not exist: ${path}`);
  return path;
}

function delays(env: Env): Record<string, number> {
  const out: Record<string, number> = {};
  for (const pair of (env.BACKEND_DELAYS ?? '').split(',').map((s) => s.trim()).filter(Boolean)) {
    const match = /^([a-z][a-z_]*\.[a-z]+)=(\d+)$/.exec(pair);
    if (!match) {
      throw new ConfigError('BACKEND_DELAYS', `must be point=milliseconds pairs like extend.before=3000, got "${pair}"`);
    }
    out[match[1]] = Number(match[2]);
  }
  return out;
}

export const ENGINE_CONFIG = Symbol('EngineConfig');
