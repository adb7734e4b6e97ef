import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { ROOT } from './support/engine-process';

interface ComposeService {
  image?: string;
  build?: unknown;
  command?: string[];
  environment?: Record<string, string>;
  healthcheck?: { test: string[] };
  depends_on?: Record<string, { condition: string }>;
  stop_grace_period?: string;
}

/** YAML merge keys (`<<: *anchor`), which Compose applies and js-yaml 5 leaves as they are. */
function mergeKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(mergeKeys);
  if (value === null || typeof value !== 'object') return value;
  const { '<<': merged, ...own } = value as Record<string, unknown>;
  const bases = (Array.isArray(merged) ? merged : merged ? [merged] : []).map(mergeKeys) as object[];
  return Object.assign({}, ...bases, Object.fromEntries(Object.entries(own).map(([key, item]) => [key, mergeKeys(item)])));
}

/**
 * No Docker engine runs here, so the deployment files are checked for what `docker compose up`
 * relies on: the services, their health checks and start order, and commands that exist in the
 * build (the Dockerfile copies dist/ as built here).
 */
describe('the deployment: docker-compose.yml and the Dockerfile', () => {
  const compose = mergeKeys(load(readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8'))) as { services: Record<string, ComposeService> };
  const services = compose.services;
  const engines = ['api', 'worker', 'projector'];

  it('runs EventStoreDB, Redis, the API, workers and the projector, each with a health check', () => {
    expect(Object.keys(services).sort()).toEqual(['api', 'eventstoredb', 'projector', 'redis', 'worker']);
    expect(services.eventstoredb.image).toMatch(/eventstore|kurrent/);
    expect(services.redis.image).toMatch(/^redis:/);
    const withoutHealthCheck = Object.entries(services).filter(([, service]) => !service.healthcheck?.test?.length).map(([name]) => name);
    expect(withoutHealthCheck).toEqual([]);
  });

  it('starts the engine once the store and Redis are healthy, on EventStoreDB, and gives workers time to stop', () => {
    for (const name of engines) {
      const service = services[name];
      expect(service.build).toBeDefined();
      expect(service.depends_on).toEqual({ eventstoredb: { condition: 'service_healthy' }, redis: { condition: 'service_healthy' } });
      expect(service.environment).toMatchObject({ EVENT_STORE: 'eventstoredb', EVENTSTORE_CONNECTION_STRING: expect.stringMatching(/^esdb:\/\/eventstoredb:2113/) });
      expect(service.environment?.REDIS_URL).toMatch(/^redis:\/\/redis:6379/);
    }
    expect(services.worker.environment).toMatchObject({ WORKER_ROLES: 'reactor,jobs', OPS_PORT: '9464' });
    expect(services.projector.environment).toMatchObject({ WORKER_ROLES: 'projector', OPS_PORT: '9464' });
    // The container's stop timeout outlasts the jobs' grace period.
    const grace = Number(services.worker.environment?.SHUTDOWN_GRACE_MS);
    expect(Number.parseInt(services.worker.stop_grace_period ?? '10s', 10) * 1000).toBeGreaterThan(grace);
  });

  it('runs commands that exist in the build, probing the ports the processes serve', () => {
    for (const name of engines) {
      const [node, entry] = services[name].command!;
      expect(node).toBe('node');
      expect(existsSync(join(ROOT, entry))).toBe(true);
    }
    expect(services.api.healthcheck!.test.join(' ')).toContain(`:${services.api.environment!.PORT}/readyz`);
    for (const name of ['worker', 'projector']) {
      expect(services[name].healthcheck!.test.join(' ')).toContain(`:${services[name].environment!.OPS_PORT}/readyz`);
    }
  });

  it('builds in stages and ships only the build and production dependencies', () => {
    const dockerfile = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');
    const stages = [...dockerfile.matchAll(/^FROM\s+\S+(?:\s+AS\s+(\S+))?/gim)];
    expect(stages.length).toBeGreaterThanOrEqual(2);
    expect(dockerfile).toMatch(/npm ci/);
    expect(dockerfile).toMatch(/npm run build/);
    expect(dockerfile).toMatch(/--omit=dev/);
    const runtime = dockerfile.slice(stages.at(-1)!.index);
    expect(runtime).toMatch(/COPY --from=\S+ \/app\/dist \.\/dist/);
    expect(runtime).not.toMatch(/COPY (apps|libs)/);
    const defaultEntry = /CMD \["node", "([^"]+)"\]/.exec(runtime)![1];
    expect(existsSync(join(ROOT, defaultEntry))).toBe(true);
  });
});
