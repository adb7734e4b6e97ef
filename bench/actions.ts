// Action acceptance over HTTP: autocannon against POST /v3/{project}/volumes/{id}/action with a
// synchronous action (os-set_bootable; os-reserve/os-unreserve pairs) and an asynchronous one
// (os-extend) at 1, 16 and 64 concurrent clients spread over many volumes, then 64 clients on
// one volume (contention). Each request's latency is recorded to the microsecond; every answer
// that is not 2xx counts as an error, with its status. Run: npm run bench:actions
import autocannon from 'autocannon';
import type { Redis } from 'ioredis';
import { actionPath, call, createVolumes, headers, metricTotal, readViews, waitForProjection, waitForViews } from './support/cinder';
import { CpuMeter } from './support/cpu';
import { Engine, redisClient, redisVersion } from './support/engine';
import { describeMachine, row, rowsTable, table, writeSuiteResult, type Row } from './support/report';
import { settings } from './support/settings';
import { round, summarise, type LatencySummary } from './support/stats';

const SYNC_TARGET_RPS = '>= 3000';
const SYNC_TARGET_P99 = '<= 5';

interface Run {
  workload: string;
  connections: number;
  seconds: number;
  requests: number;
  requestsPerSecond: number;
  latencyMs: LatencySummary;
  statuses: Record<string, number>;
  errors: number;
  /** Connection errors and timeouts, apart from answers that were not 2xx. */
  transportErrors: number;
  /** Share of a core each process used during the run. */
  cpu: Record<string, number>;
  /** CPU milliseconds per request, by process: what the request costs, apart from the waits. */
  cpuMsPerRequest: Record<string, number>;
  conflicts?: number;
  retries?: number;
}

/** What a workload sends: one request or a cycle of requests per client, built just before sending. */
interface Workload {
  /** Its name in BENCH_WORKLOADS. */
  key: string;
  name: string;
  requests: autocannon.Request[];
  /** Waits until what the last run started has finished (extends), before the next run. */
  settle?: () => Promise<void>;
}

async function main() {
  const started = performance.now();
  const engine = await Engine.start();
  const redis = redisClient();
  const machine = describeMachine(await redisVersion());
  const runs: Run[] = [];
  try {
    const redisPid = Number(/process_id:(\d+)/.exec(await redis.info('server'))?.[1]);
    const pids = { ...engine.pids(), ...(redisPid ? { redis: redisPid } : {}), loadgen: process.pid };
    console.error(`creating ${settings.volumes} volumes...`);
    const volumes = await createVolumes(engine, redis, settings.volumes);

    const workloads = [setBootable(volumes), reservePairs(engine, redis, volumes), extend(engine, redis, volumes)];
    for (const workload of workloads.filter((w) => settings.workloads.includes(w.key))) {
      await measure(engine, workload, settings.connections[Math.min(1, settings.connections.length - 1)], settings.warmupS, pids);
      await workload.settle?.();
      for (const connections of settings.connections) {
        const run = await measure(engine, workload, connections, settings.durationS, pids);
        await workload.settle?.();
        runs.push(run);
        console.error(describe(run));
      }
    }

    if (!settings.workloads.includes('contention')) return;
    const hot = volumes[0];
    const contention = setBootable([hot], 'os-set_bootable, one volume');
    const conflictsBefore = await metricTotal(engine, 'cinder_command_conflicts_total');
    const retriesBefore = await metricTotal(engine, 'cinder_command_retries_total');
    const run = await measure(engine, contention, settings.contentionConnections, settings.contentionDurationS, pids);
    run.conflicts = (await metricTotal(engine, 'cinder_command_conflicts_total')) - conflictsBefore;
    run.retries = (await metricTotal(engine, 'cinder_command_retries_total')) - retriesBefore;
    runs.push(run);
    console.error(describe(run));
  } finally {
    redis.disconnect();
    await engine.stop();
  }

  const rows = toRows(runs);
  console.log(
    table(
      ['workload', 'clients', 'req/s', 'p50 ms', 'p99 ms', 'max ms', 'errors', 'statuses', 'cpu (cores)', 'cpu ms/request'],
      runs.map((r) => [
        r.workload,
        r.connections,
        Math.round(r.requestsPerSecond),
        r.latencyMs.p50,
        r.latencyMs.p99,
        r.latencyMs.max,
        r.errors,
        Object.entries(r.statuses).map(([s, n]) => `${s}:${n}`).join(' '),
        Object.entries(r.cpu).map(([k, v]) => `${k} ${v}`).join(', '),
        Object.entries(r.cpuMsPerRequest).filter(([k]) => k === 'api' || k === 'worker').map(([k, v]) => `${k} ${v}`).join(', '),
      ]),
    ),
  );
  console.log();
  console.log(rowsTable(rows));
  const file = writeSuiteResult({ suite: 'actions', startedAt: new Date().toISOString(), seconds: round((performance.now() - started) / 1000, 1), machine, rows, details: { runs } });
  console.error(`wrote ${file}`);
}

function measure(engine: Engine, workload: Workload, connections: number, durationS: number, pids: Record<string, number>): Promise<Run> {
  const latencies: number[] = [];
  const cpu = new CpuMeter(pids).begin();
  const instance = autocannon({
    url: engine.base,
    connections,
    duration: durationS,
    headers: headers(),
    requests: workload.requests,
    timeout: 10,
  });
  instance.on('response', (_client: unknown, _status: number, _bytes: number, responseTime: number) => latencies.push(responseTime));
  return new Promise<Run>((done, fail) => {
    instance.on('done', (result: autocannon.Result) => {
      const usage = cpu.end();
      const perRequest = cpu.perUnit(latencies.length);
      const statuses = Object.fromEntries(Object.entries(result.statusCodeStats).map(([code, s]) => [code, (s as { count: number }).count]));
      const non2xx = Object.entries(statuses).reduce((n, [code, count]) => (code.startsWith('2') ? n : n + count), 0);
      done({
        workload: workload.name,
        connections,
        seconds: result.duration,
        requests: latencies.length,
        requestsPerSecond: round(latencies.length / result.duration, 1),
        latencyMs: summarise(latencies),
        statuses,
        errors: non2xx + result.errors + result.timeouts,
        transportErrors: result.errors + result.timeouts,
        cpu: usage,
        cpuMsPerRequest: perRequest,
      });
    });
    instance.on('error', fail);
  });
}

/** os-set_bootable round-robin over the volumes; each round flips the flag so every request records an event. */
function setBootable(volumes: string[], name = 'os-set_bootable'): Workload {
  let sent = 0;
  return {
    key: 'set_bootable',
    name,
    requests: [
      {
        method: 'POST',
        setupRequest: (request) => {
          const n = sent++;
          const bootable = Math.floor(n / volumes.length) % 2 === 0;
          return { ...request, path: actionPath(volumes[n % volumes.length]), body: JSON.stringify({ 'os-set_bootable': { bootable } }) };
        },
      },
    ],
  };
}

/** os-reserve then os-unreserve of the same volume by the same client; the next pair takes the next volume. */
function reservePairs(engine: Engine, redis: Redis, volumes: string[]): Workload {
  let next = 0;
  return {
    key: 'reserve',
    name: 'os-reserve/os-unreserve',
    requests: [
      {
        method: 'POST',
        setupRequest: (request, context) => {
          const volume = volumes[next++ % volumes.length];
          context.volume = volume;
          return { ...request, path: actionPath(volume), body: '{"os-reserve":{}}' };
        },
      },
      {
        method: 'POST',
        setupRequest: (request, context) => ({ ...request, path: actionPath(context.volume as string), body: '{"os-unreserve":{}}' }),
      },
    ],
    // A run stops between the two halves of some pairs: those volumes are unreserved before the next run.
    settle: async () => {
      for (;;) {
        await waitForProjection(engine, redis);
        const views = await readViews(engine, redis, volumes);
        const reserved = volumes.filter((_, i) => views[i]?.status === 'attaching');
        if (!reserved.length) return;
        for (const id of reserved) await call(engine, 'POST', actionPath(id), { 'os-unreserve': {} });
      }
    },
  };
}

/**
 * os-extend round-robin over the volumes, each round one GiB larger than the last, so a volume
 * whose previous extend has finished accepts the next one; one still extending refuses it (400),
 * and that counts as an error. Between runs the volumes are left to finish their extends.
 */
function extend(engine: Engine, redis: Redis, volumes: string[]): Workload {
  let sent = 0;
  return {
    key: 'extend',
    name: 'os-extend',
    requests: [
      {
        method: 'POST',
        setupRequest: (request) => {
          const n = sent++;
          const size = 2 + Math.floor(n / volumes.length);
          return { ...request, path: actionPath(volumes[n % volumes.length]), body: JSON.stringify({ 'os-extend': { new_size: size } }) };
        },
      },
    ],
    settle: async () => {
      await waitForProjection(engine, redis);
      await waitForViews(engine, redis, volumes, (view) => view.status === 'available', 120000);
    },
  };
}

function describe(run: Run): string {
  return (
    `${run.workload} x${run.connections}: ${Math.round(run.requestsPerSecond)} req/s, p50 ${run.latencyMs.p50} ms, ` +
    `p99 ${run.latencyMs.p99} ms, errors ${run.errors} ${JSON.stringify(run.statuses)}, cpu ${JSON.stringify(run.cpu)}, ` +
    `cpu ms/request ${JSON.stringify(run.cpuMsPerRequest)}` +
    (run.conflicts !== undefined ? `, conflicts ${run.conflicts}, retries ${run.retries}` : '')
  );
}

function toRows(runs: Run[]): Row[] {
  const rows: Row[] = [];
  for (const r of runs) {
    const contended = r.conflicts !== undefined;
    const suite = contended ? 'contention' : 'actions';
    const label = `${r.workload}, ${r.connections} clients`;
    const synchronous = !contended && r.workload !== 'os-extend' && r.connections === 16;
    rows.push(row({ suite, case: label, metric: 'throughput', value: Math.round(r.requestsPerSecond), unit: 'req/s', ...(synchronous ? { target: SYNC_TARGET_RPS } : {}) }));
    rows.push(row({ suite, case: label, metric: 'p50 latency', value: r.latencyMs.p50, unit: 'ms' }));
    rows.push(row({ suite, case: label, metric: 'p99 latency', value: r.latencyMs.p99, unit: 'ms', ...(synchronous ? { target: SYNC_TARGET_P99 } : {}) }));
    rows.push(row({ suite, case: label, metric: 'errors', value: r.errors, unit: 'requests', note: JSON.stringify(r.statuses) }));
    if (r.cpuMsPerRequest.api !== undefined) rows.push(row({ suite, case: label, metric: 'API CPU per request', value: r.cpuMsPerRequest.api, unit: 'ms' }));
    if (contended) {
      rows.push(row({ suite, case: label, metric: 'conflicts', value: r.conflicts!, unit: 'appends' }));
      rows.push(row({ suite, case: label, metric: 'retries', value: r.retries!, unit: 'cycles' }));
    }
  }
  return rows;
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
