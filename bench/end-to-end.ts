// End to end: os-extend from the request until the read model in Redis shows the volume
// `available` at its new size (request, reactor, BullMQ job, backend resize, completion event,
// projector). First one extend at a time (the latency of an idle engine), then many at once with
// BENCH_E2E_IN_FLIGHT outstanding (completions/s under load), on volumes spread over BENCH_PROJECTS
// projects. Each extend is on a volume that is not extending, so none is refused.
// Run: npm run bench:e2e (after npm run build)
import Database from 'better-sqlite3';
import type { Redis } from 'ioredis';
import { join } from 'node:path';
import { VOLUME_OPERATIONS_QUEUE } from '@app/job-queue';
import { actionPath, call, createVolumes, readViews, type Volume } from './support/cinder';
import { CpuMeter } from './support/cpu';
import { Engine, redisClient, redisPid, redisVersion } from './support/engine';
import { describeMachine, row, rowsTable, table, writeSuiteResult, type Row } from './support/report';
import { settings } from './support/settings';
import { round, summarise, type LatencySummary } from './support/stats';

const TARGET_P50_MS = '<= 30';

interface E2eRun {
  mode: string;
  inFlight: number;
  extends: number;
  seconds: number;
  completionsPerSecond: number;
  /** Request sent to the read model showing the volume available at its new size. */
  endToEndMs: LatencySummary;
  /** Request sent to its 202. */
  acceptedMs: LatencySummary;
  refused: number;
  cpu: Record<string, number>;
  /** CPU milliseconds per extend, by process. */
  cpuMsPerExtend: Record<string, number>;
  /** Where the time went, per stage (median and p99 over the extends), from the log's and BullMQ's timestamps. */
  stagesMs: Record<Stage, LatencySummary>;
}

const STAGES = [
  'request to 202',
  'requested event to job enqueued (reactor)',
  'job enqueued to job started (BullMQ)',
  'job started to completion event (backend, command)',
  'completion event to read model (projector)',
] as const;
type Stage = (typeof STAGES)[number];

/** One extend as the client saw it, in wall-clock milliseconds. */
interface Traced {
  volumeId: string;
  size: number;
  sent: number;
  accepted: number;
  seen: number;
}

async function main() {
  const started = performance.now();
  const engine = await Engine.start();
  const redis = redisClient();
  const machine = describeMachine(await redisVersion());
  const runs: E2eRun[] = [];
  try {
    const redisProcess = await redisPid();
    const pids = { ...engine.pids(), ...(redisProcess ? { redis: redisProcess } : {}), client: process.pid };
    const projects = Array.from({ length: settings.projects }, (_, i) => `benchproject${i}`);
    const volumes = await createVolumes(engine, redis, Math.max(settings.e2eInFlight * 4, 16), projects);
    const sizes = new Map(volumes.map((v) => [v.id, 1]));
    await extendMany(engine, redis, volumes, sizes, 1, Math.min(20, settings.e2eSerialExtends), pids, 'warm-up');
    runs.push(await extendMany(engine, redis, volumes, sizes, 1, settings.e2eSerialExtends, pids, 'one at a time'));
    runs.push(await extendMany(engine, redis, volumes, sizes, settings.e2eInFlight, settings.e2eExtends, pids, `${settings.e2eInFlight} in flight`));
  } finally {
    redis.disconnect();
    await engine.stop();
  }

  console.log(
    table(
      ['mode', 'extends', 'completions/s', 'e2e p50 ms', 'e2e p90 ms', 'e2e p99 ms', '202 p50 ms', 'refused', 'cpu (cores)'],
      runs.map((r) => [
        r.mode,
        r.extends,
        r.completionsPerSecond,
        r.endToEndMs.p50,
        r.endToEndMs.p90,
        r.endToEndMs.p99,
        r.acceptedMs.p50,
        r.refused,
        Object.entries(r.cpu).map(([k, v]) => `${k} ${v}`).join(', '),
      ]),
    ),
  );
  console.log();
  console.log(
    table(
      ['stage', ...runs.map((r) => `${r.mode} p50 ms`), ...runs.map((r) => `${r.mode} p99 ms`)],
      STAGES.map((stage) => [stage, ...runs.map((r) => r.stagesMs[stage].p50), ...runs.map((r) => r.stagesMs[stage].p99)]),
    ),
  );
  const rows: Row[] = runs.flatMap((r) => [
    row({ suite: 'end to end', case: `os-extend, ${r.mode}`, metric: 'completions', value: r.completionsPerSecond, unit: 'extends/s' }),
    row({ suite: 'end to end', case: `os-extend, ${r.mode}`, metric: 'p50 request to available', value: r.endToEndMs.p50, unit: 'ms', target: TARGET_P50_MS }),
    row({ suite: 'end to end', case: `os-extend, ${r.mode}`, metric: 'p99 request to available', value: r.endToEndMs.p99, unit: 'ms' }),
    row({ suite: 'end to end', case: `os-extend, ${r.mode}`, metric: 'refused', value: r.refused, unit: 'requests' }),
    row({ suite: 'end to end', case: `os-extend, ${r.mode}`, metric: 'API CPU per extend', value: r.cpuMsPerExtend.api ?? NaN, unit: 'ms' }),
    row({ suite: 'end to end', case: `os-extend, ${r.mode}`, metric: 'worker CPU per extend', value: r.cpuMsPerExtend.worker ?? NaN, unit: 'ms' }),
  ]);
  console.log();
  console.log(rowsTable(rows));
  const file = writeSuiteResult({ suite: 'end-to-end', startedAt: new Date().toISOString(), seconds: round((performance.now() - started) / 1000, 1), machine, rows, details: { runs } });
  console.error(`wrote ${file}`);
}

/**
 * `total` extends with `inFlight` outstanding at once: each slot takes the next idle volume,
 * sends the extend, and is free again when a shared poller sees the view available at the new size.
 */
async function extendMany(
  engine: Engine,
  redis: Redis,
  volumes: Volume[],
  sizes: Map<string, number>,
  inFlight: number,
  total: number,
  pids: Record<string, number>,
  mode: string,
): Promise<E2eRun> {
  const endToEnd: number[] = [];
  const accepted: number[] = [];
  const traced: Traced[] = [];
  const wall = (t: number) => performance.timeOrigin + t;
  let refused = 0;
  const idle = [...volumes];
  const waiting = new Map<string, { size: number; sent: number; accepted: number; done: () => void }>();
  let polling = true;
  const poller = (async () => {
    while (polling) {
      const ids = [...waiting.keys()];
      if (ids.length) {
        const views = await readViews(engine, redis, ids);
        const now = performance.now();
        views.forEach((view, i) => {
          const wait = waiting.get(ids[i])!;
          if (view && view.status === 'available' && view.size === wait.size) {
            endToEnd.push(now - wait.sent);
            traced.push({ volumeId: ids[i], size: wait.size, sent: wall(wait.sent), accepted: wall(wait.accepted), seen: wall(now) });
            waiting.delete(ids[i]);
            wait.done();
          }
        });
      }
      await new Promise((r) => setTimeout(r, 1));
    }
  })();

  let sent = 0;
  const cpu = new CpuMeter(pids).begin();
  const started = performance.now();
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (sent < total) {
        sent++;
        const volume = idle.shift()!;
        const id = volume.id;
        const size = sizes.get(id)! + 1;
        const t0 = performance.now();
        const res = await call(engine, 'POST', actionPath(id, volume.project), { 'os-extend': { new_size: size } }, volume.project);
        const t1 = performance.now();
        accepted.push(t1 - t0);
        if (res.status !== 202) {
          refused++;
        } else {
          sizes.set(id, size);
          await new Promise<void>((done) => waiting.set(id, { size, sent: t0, accepted: t1, done }));
        }
        idle.push(volume);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const usage = cpu.end();
  const perExtend = cpu.perUnit(total);
  polling = false;
  await poller;
  const run: E2eRun = {
    mode,
    inFlight,
    extends: total,
    seconds: round(seconds, 2),
    completionsPerSecond: round(endToEnd.length / seconds, 1),
    endToEndMs: summarise(endToEnd),
    acceptedMs: summarise(accepted),
    refused,
    cpu: usage,
    cpuMsPerExtend: perExtend,
    stagesMs: await stages(engine, redis, traced),
  };
  console.error(
    `${mode}: ${run.completionsPerSecond} extends/s, request to available p50 ${run.endToEndMs.p50} ms, p99 ${run.endToEndMs.p99} ms, ` +
      `202 p50 ${run.acceptedMs.p50} ms, refused ${refused}, cpu ${JSON.stringify(usage)}, cpu ms/extend ${JSON.stringify(perExtend)}`,
  );
  for (const stage of STAGES) console.error(`  ${stage}: p50 ${run.stagesMs[stage].p50} ms, p99 ${run.stagesMs[stage].p99} ms`);
  return run;
}

/**
 * Splits each extend's time at the log's timestamps (when the store recorded the requested and
 * the completion events) and BullMQ's (when the job was added and started): which part of the
 * engine the time went to. The store's and BullMQ's clocks have millisecond resolution.
 */
async function stages(engine: Engine, redis: Redis, traced: Traced[]): Promise<Record<Stage, LatencySummary>> {
  const db = new Database(join(engine.dataDir, 'events.sqlite'), { readonly: true });
  const rows = db
    .prepare(`SELECT stream_id, type, event_id, json_extract(data, '$.new_size') AS size, recorded_at FROM events WHERE type IN ('VolumeExtendRequested', 'VolumeExtended')`)
    .all() as { stream_id: string; type: string; event_id: string; size: number; recorded_at: string }[];
  db.close();
  const byKey = new Map(rows.map((r) => [`${r.stream_id}/${r.size}/${r.type}`, r]));
  const samples = Object.fromEntries(STAGES.map((s) => [s, [] as number[]])) as Record<Stage, number[]>;
  const pipeline = redis.pipeline();
  const found: { t: Traced; requested: number; extended: number }[] = [];
  for (const t of traced) {
    const requested = byKey.get(`volume-${t.volumeId}/${t.size}/VolumeExtendRequested`);
    const extended = byKey.get(`volume-${t.volumeId}/${t.size}/VolumeExtended`);
    if (!requested || !extended) continue;
    found.push({ t, requested: Date.parse(requested.recorded_at), extended: Date.parse(extended.recorded_at) });
    pipeline.hmget(`${engine.prefix}:${VOLUME_OPERATIONS_QUEUE}:extend_volume-${requested.event_id}`, 'timestamp', 'processedOn');
  }
  const jobs = (await pipeline.exec()) ?? [];
  found.forEach(({ t, requested, extended }, i) => {
    const [added, processed] = ((jobs[i]?.[1] as (string | null)[]) ?? []).map(Number);
    samples['request to 202'].push(t.accepted - t.sent);
    if (added && processed) {
      samples['requested event to job enqueued (reactor)'].push(added - requested);
      samples['job enqueued to job started (BullMQ)'].push(processed - added);
      samples['job started to completion event (backend, command)'].push(extended - processed);
    }
    samples['completion event to read model (projector)'].push(t.seen - extended);
  });
  return Object.fromEntries(STAGES.map((s) => [s, summarise(samples[s])])) as Record<Stage, LatencySummary>;
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
