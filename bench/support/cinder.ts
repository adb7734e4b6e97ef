// The few Cinder calls the benchmarks need to set up (create volumes) and the read-model probe
// they use to see when an operation shows in Redis, read directly rather than through GET, whose
// read-your-writes top-up from the log would hide the projector's lag.
import Database from 'better-sqlite3';
import type { Redis } from 'ioredis';
import { join } from 'node:path';
import { checkpointKey, generationPointerKey, viewKey } from '../../libs/read-model/src/view-generation-keys';
import type { Engine } from './engine';

export const PROJECT = 'benchproject';

export const headers = (project = PROJECT): Record<string, string> => ({
  'X-Auth-Token': `admin:${project}`,
  'Content-Type': 'application/json',
  'OpenStack-API-Version': 'volume 3.42',
});

export async function call(engine: Engine, method: string, path: string, body?: unknown, project = PROJECT) {
  const response = await fetch(`${engine.base}${path}`, {
    method,
    headers: headers(project),
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, json: text ? (JSON.parse(text) as any) : null, text };
}

export const actionPath = (volumeId: string, project = PROJECT) => `/v3/${project}/volumes/${volumeId}/action`;

export interface Volume {
  id: string;
  project: string;
}

/**
 * Creates `count` 1 GiB volumes spread round-robin over the projects (a few requests at a time)
 * and waits until the read model shows them available.
 */
export async function createVolumes(engine: Engine, redis: Redis, count: number, projects: string[] = [PROJECT]): Promise<Volume[]> {
  const volumes: Volume[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < count) {
        const project = projects[next++ % projects.length];
        const res = await call(engine, 'POST', `/v3/${project}/volumes`, { volume: { size: 1 } }, project);
        if (res.status !== 202) throw new Error(`create failed: ${res.status} ${res.text}`);
        volumes.push({ id: res.json.volume.id as string, project });
      }
    }),
  );
  await waitForViews(engine, redis, volumes.map((v) => v.id), (view) => view.status === 'available', 120000);
  return volumes;
}

export interface ViewProbe {
  status: string;
  size: number;
  revision: number;
}

/** The views of these volumes as the projector last wrote them (null where it has none yet). */
export async function readViews(engine: Engine, redis: Redis, ids: readonly string[]): Promise<(ViewProbe | null)[]> {
  const base = (await redis.get(generationPointerKey(engine.prefix))) ?? engine.prefix;
  const pipeline = redis.pipeline();
  for (const id of ids) pipeline.hget(viewKey(base, id), 'view');
  const replies = (await pipeline.exec()) ?? [];
  return replies.map(([error, json]) => {
    if (error) throw error;
    return json ? (JSON.parse(json as string) as ViewProbe) : null;
  });
}

function logHead(engine: Engine): bigint | null {
  const db = new Database(join(engine.dataDir, 'events.sqlite'), { readonly: true });
  try {
    return db.prepare('SELECT MAX(position) FROM events').pluck().safeIntegers().get() as bigint | null;
  } finally {
    db.close();
  }
}

/**
 * Waits until nothing has been appended for `quietMs`: the engine has finished the requests it
 * was sent, including those whose clients gave up waiting.
 */
export async function waitForLogQuiet(engine: Engine, quietMs: number, timeoutMs = 300000) {
  const deadline = Date.now() + timeoutMs;
  let head = logHead(engine);
  let since = Date.now();
  while (Date.now() - since < quietMs) {
    if (Date.now() > deadline) throw new Error(`the log was still growing after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
    const now = logHead(engine);
    if (now !== head) {
      head = now;
      since = Date.now();
    }
  }
}

/** Waits until the projector has applied every event the log holds now, so the views are current. */
export async function waitForProjection(engine: Engine, redis: Redis, timeoutMs = 120000) {
  const head = logHead(engine);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const base = (await redis.get(generationPointerKey(engine.prefix))) ?? engine.prefix;
    const checkpoint = BigInt((await redis.get(checkpointKey(base))) ?? '0');
    if (head === null || checkpoint >= head) return;
    if (Date.now() > deadline) throw new Error(`the projector is at ${checkpoint}, the log at ${head}, after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

export async function waitForViews(engine: Engine, redis: Redis, ids: readonly string[], ready: (view: ViewProbe) => boolean, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  let pending = [...ids];
  while (pending.length) {
    const views = await readViews(engine, redis, pending);
    const waiting = views.filter((view) => !(view && ready(view)));
    pending = pending.filter((_, i) => !(views[i] && ready(views[i]!)));
    if (!pending.length) return;
    if (Date.now() > deadline) {
      const statuses = waiting.map((view) => view?.status ?? 'no view');
      throw new Error(`${pending.length} volumes not ready after ${timeoutMs} ms (e.g. ${pending[0]}; statuses ${[...new Set(statuses)].join(', ')})`);
    }
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Sums a counter of the API's Prometheus metrics over the label sets that match. */
export async function metricTotal(engine: Engine, name: string, labels: Record<string, string> = {}): Promise<number> {
  const text = await (await fetch(`${engine.base}/metrics`)).text();
  let total = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    if (!Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`))) continue;
    total += Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return total;
}
