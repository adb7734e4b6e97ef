// Action acceptance over HTTP: autocannon against POST /v3/{project}/volumes/{id}/action with a
// synchronous action (os-set_bootable; os-reserve/os-unreserve pairs) and an asynchronous one
// (os-extend) at 1, 16 and 64 concurrent clients spread over many volumes in several projects;
// 64 clients on one volume (contention); and last os-extend with all its volumes in one project
// (every extend reserves quota in the project's one quota stream). Each request's latency is
// recorded to the microsecond; every answer that is not 2xx, and every timeout (10 s), counts as
// an error. Run: npm run bench:actions (after npm run build)
import autocannon from 'autocannon';
import type { Redis } from 'ioredis';
import { actionPath, call, createVolumes, headers, metricTotal, readViews, waitForLogQuiet, waitForProjection, waitForViews, type Volume } from './support/cinder';
import { CpuMeter } from './support/cpu';
import { Engine, redisClient, redisPid, redisVersion } from './support/engine';
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
  /** Share of a core each process used during the run ("redis" is the whole server's). */
  cpu: Record<string, number>;
  /** CPU milliseconds per answered request, by process: what a request costs, apart from the waits. */
  cpuMsPerRequest: Record<string, number>;
  conflicts?: number;
  retries?: number;
  /** The API's appends per SQLite transaction (group commit) during the run, from its metrics. */
  appendsPerCommit?: number;
}

/** What a workload sends: one request or a cycle of requests per client, built just before sending. */
interface Workload {
  name: string;
  requests: autocannon.Request[];
  /** Waits until what the last run started has finished, so the next run starts from rest. */
  settle: () => Promise<void>;
}

const wanted = (key: string) => settings.workloads.includes(key);

async function main() {
  const started = performance.now();
  const engine = await Engine.start();
  const redis = redisClient();
  const machine = describeMachine(await redisVersion());
  const runs: Run[] = [];
  const record = (run: Run) => {
    runs.push(run);
    console.error(describe(run));
  };
  try {
    const redisProcess = await redisPid();
    const pids = { ...engine.pids(), ...(redisProcess ? { redis: redisProcess } : {}), loadgen: process.pid };
    const projects = Array.from({ length: settings.projects }, (_, i) => `benchproject${i}`);
    console.error(`creating ${settings.volumes} volumes in ${projects.length} projects...`);
    const volumes = await createVolumes(engine, redis, settings.volumes, projects);

    const workloads: [string, Workload][] = [
      ['set_bootable', setBootable(engine, redis, volumes)],
      ['reserve', reservePairs(engine, redis, volumes)],
      ['extend', extend(engine, redis, volumes)],
    ];
    for (const [key, workload] of workloads) {
      if (!wanted(key)) continue;
      await measure(engine, workload, settings.connections[Math.min(1, settings.connections.length - 1)], settings.warmupS, pids);
      await workload.settle();
      for (const connections of settings.connections) {
        const run = await measure(engine, workload, connections, settings.durationS, pids);
        await workload.settle();
        record(run);
      }
    }

    if (wanted('contention')) {
      const contention = setBootable(engine, redis, [volumes[0]], 'os-set_bootable, one volume');
      const conflictsBefore = await metricTotal(engine, 'cinder_command_conflicts_total');
      const retriesBefore = await metricTotal(engine, 'cinder_command_retries_total');
      const run = await measure(engine, contention, settings.contentionConnections, settings.contentionDurationS, pids);
      await contention.settle();
      run.conflicts = (await metricTotal(engine, 'cinder_command_conflicts_total')) - conflictsBefore;
      run.retries = (await metricTotal(engine, 'cinder_command_retries_total')) - retriesBefore;
      record(run);
    }

    // Last: a slow run leaves requests the server is still working on when the clients gave up.
    if (wanted('extend_one_project')) {
      console.error(`creating ${settings.oneProjectVolumes} volumes in one project...`);
      const crowded = await createVolumes(engine, redis, settings.oneProjectVolumes, ['crowdedproject']);
      const workload = extend(engine, redis, crowded, `os-extend, ${settings.oneProjectVolumes} volumes of one project`);
      record(await measure(engine, workload, settings.oneProjectConnections, settings.durationS, pids));
    }
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
        Object.entries(r.statuses).map(([s, n]) => `${s}:${n}`).join(' ') + (r.transportErrors ? ` timeout/error:${r.transportErrors}` : ''),
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

/** A run, with how many of the API's appends shared each transaction meanwhile. */
async function measure(engine: Engine, workload: Workload, connections: number, durationS: number, pids: Record<string, number>): Promise<Run> {
  const appends = () => metricTotal(engine, 'cinder_event_store_appends');
  const commits = () => metricTotal(engine, 'cinder_event_store_commits');
  const [appendsBefore, commitsBefore] = [await appends(), await commits()];
  const run = await load(engine, workload, connections, durationS, pids);
  const committed = (await commits()) - commitsBefore;
  // An engine from before group commit has no such metrics.
  if (committed > 0) run.appendsPerCommit = round(((await appends()) - appendsBefore) / committed, 2);
  return run;
}

function load(engine: Engine, workload: Workload, connections: number, durationS: number, pids: Record<string, number>): Promise<Run> {
  const latencies: number[] = [];
  const cpu = new CpuMeter(pids).begin();
  const instance = autocannon({ url: engine.base, connections, duration: durationS, headers: headers(), requests: workload.requests, timeout: 10 });
  instance.on('response', (_client, _status, _bytes, responseTime) => latencies.push(responseTime));
  return new Promise<Run>((done, fail) => {
    instance.on('done', (result) => {
      const usage = cpu.end();
      const perRequest = cpu.perUnit(latencies.length);
      const statuses = Object.fromEntries(Object.entries(result.statusCodeStats).map(([code, s]) => [code, s.count]));
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

/** The request autocannon built (host, port, defaults) turned into an action on the volume. */
const request = (built: autocannon.RequestParams, volume: Volume, body: string): autocannon.RequestParams => ({
  ...built,
  method: 'POST',
  path: actionPath(volume.id, volume.project),
  headers: headers(volume.project),
  body,
});

/** Waits until the API has finished what the clients sent (the log stops growing) and the projector has caught up. */
async function atRest(engine: Engine, redis: Redis) {
  await waitForLogQuiet(engine, 1000);
  await waitForProjection(engine, redis);
}

/** os-set_bootable round-robin over the volumes; each round flips the flag so every request records an event. */
function setBootable(engine: Engine, redis: Redis, volumes: Volume[], name = 'os-set_bootable'): Workload {
  let sent = 0;
  return {
    name,
    requests: [
      {
        setupRequest: (built) => {
          const n = sent++;
          const bootable = Math.floor(n / volumes.length) % 2 === 0;
          return request(built, volumes[n % volumes.length], JSON.stringify({ 'os-set_bootable': { bootable } }));
        },
      },
    ],
    settle: () => atRest(engine, redis),
  };
}

/** os-reserve then os-unreserve of the same volume by the same client; the next pair takes the next volume. */
function reservePairs(engine: Engine, redis: Redis, volumes: Volume[]): Workload {
  let next = 0;
  return {
    name: 'os-reserve/os-unreserve',
    requests: [
      {
        setupRequest: (built, context) => {
          const volume = volumes[next++ % volumes.length];
          context.volume = volume;
          return request(built, volume, '{"os-reserve":{}}');
        },
      },
      { setupRequest: (built, context) => request(built, context.volume as Volume, '{"os-unreserve":{}}') },
    ],
    // A run stops between the two halves of some pairs: those volumes are unreserved before the next run.
    settle: async () => {
      for (;;) {
        await atRest(engine, redis);
        const views = await readViews(engine, redis, volumes.map((v) => v.id));
        const reserved = volumes.filter((_, i) => views[i]?.status === 'attaching');
        if (!reserved.length) return;
        for (const v of reserved) await call(engine, 'POST', actionPath(v.id, v.project), { 'os-unreserve': {} }, v.project);
      }
    },
  };
}

/**
 * os-extend round-robin over the volumes, each round one GiB larger than the last, so a volume
 * whose previous extend has finished accepts the next one; one still extending refuses it (400),
 * and that counts as an error. Between runs the volumes are left to finish their extends.
 */
function extend(engine: Engine, redis: Redis, volumes: Volume[], name = 'os-extend'): Workload {
  let sent = 0;
  return {
    name,
    requests: [
      {
        setupRequest: (built) => {
          const n = sent++;
          const size = 2 + Math.floor(n / volumes.length);
          return request(built, volumes[n % volumes.length], JSON.stringify({ 'os-extend': { new_size: size } }));
        },
      },
    ],
    settle: async () => {
      await atRest(engine, redis);
      await waitForViews(engine, redis, volumes.map((v) => v.id), (view) => view.status === 'available', 120000);
    },
  };
}

function describe(run: Run): string {
  return (
    `${run.workload} x${run.connections}: ${Math.round(run.requestsPerSecond)} req/s, p50 ${run.latencyMs.p50} ms, ` +
    `p99 ${run.latencyMs.p99} ms, errors ${run.errors} ${JSON.stringify(run.statuses)}` +
    (run.transportErrors ? ` (${run.transportErrors} timeouts/connection errors)` : '') +
    `, cpu ${JSON.stringify(run.cpu)}, cpu ms/request ${JSON.stringify(run.cpuMsPerRequest)}` +
    (run.conflicts !== undefined ? `, conflicts ${run.conflicts}, retries ${run.retries}` : '') +
    (run.appendsPerCommit !== undefined ? `, ${run.appendsPerCommit} appends per commit` : '')
  );
}

function toRows(runs: Run[]): Row[] {
  const rows: Row[] = [];
  for (const r of runs) {
    const contended = r.conflicts !== undefined;
    const suite = contended ? 'contention' : 'actions';
    const label = `${r.workload}, ${r.connections} client${r.connections === 1 ? '' : 's'}`;
    const synchronous = !contended && !r.workload.startsWith('os-extend') && r.connections === 16;
    rows.push(row({ suite, case: label, metric: 'throughput', value: Math.round(r.requestsPerSecond), unit: 'req/s', ...(synchronous ? { target: SYNC_TARGET_RPS } : {}) }));
    const accepted = Object.entries(r.statuses).reduce((n, [code, count]) => (code.startsWith('2') ? n + count : n), 0);
    if (accepted !== r.requests) rows.push(row({ suite, case: label, metric: 'accepted (2xx)', value: Math.round(accepted / r.seconds), unit: 'req/s' }));
    rows.push(row({ suite, case: label, metric: 'p50 latency', value: r.latencyMs.p50, unit: 'ms' }));
    rows.push(row({ suite, case: label, metric: 'p99 latency', value: r.latencyMs.p99, unit: 'ms', ...(synchronous ? { target: SYNC_TARGET_P99 } : {}) }));
    rows.push(row({ suite, case: label, metric: 'errors', value: r.errors, unit: 'requests', note: JSON.stringify(r.statuses) }));
    if (r.cpuMsPerRequest.api !== undefined) rows.push(row({ suite, case: label, metric: 'API CPU per request', value: r.cpuMsPerRequest.api, unit: 'ms' }));
    if (r.appendsPerCommit !== undefined) rows.push(row({ suite, case: label, metric: 'API appends per commit', value: r.appendsPerCommit, unit: 'appends' }));
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
