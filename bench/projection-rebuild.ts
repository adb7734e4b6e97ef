// Rebuilds the Redis read models from a log of 1,000,000 volume events (BENCH_REBUILD_EVENTS) the
// way `cinder-engine rebuild` does (rebuildReadModel: a new generation filled page by page, then
// swapped in), and reports events/s and the rebuilding process's peak memory. The rebuild runs in
// a process of its own, so its peak RSS is its own. Run: npm run bench:rebuild
import { fork } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '@app/event-store';
import { rebuildReadModel, RedisViewGenerations } from '@app/read-model';
import { cpuSeconds } from './support/cpu';
import { deleteKeys, redisClient, redisPid, redisVersion } from './support/engine';
import { describeMachine, row, rowsTable, writeSuiteResult } from './support/report';
import { settings } from './support/settings';
import { mb, round } from './support/stats';
import { fillLog } from './support/volume-events';

const TARGET_EVENTS_PER_SECOND = '>= 50000';

interface RebuildReport {
  events: number;
  views: number;
  seconds: number;
  /** RSS with the modules loaded and the store open, before the first page. */
  baselineRss: number;
  peakRss: number;
  peakHeapUsed: number;
  /** Events/s over each tenth of the log. */
  rates: number[];
  redisMemory: { before: number; after: number };
  /** CPU seconds spent during the rebuild by the rebuilding process and by Redis. */
  cpuSeconds: { rebuild: number; redis: number | null };
  /** Commands Redis processed during the rebuild (the whole server's count: others' traffic too). */
  redisCommands: number;
}

if (process.argv[2] === '--rebuild') void rebuildChild(process.argv[3], process.argv[4]);
else
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });

async function main() {
  const started = performance.now();
  const total = settings.rebuildEvents;
  const dir = await mkdtemp(join(tmpdir(), 'bench-rebuild-'));
  const prefix = `bench-rebuild-${Math.random().toString(36).slice(2, 10)}`;
  try {
    const path = join(dir, 'events.sqlite');
    const fillStarted = performance.now();
    const store = new SqliteEventStore(path, { synchronous: 'NORMAL' });
    let shown = 0;
    await fillLog(store, total, 100, (filled) => {
      if (filled - shown >= total / 10) {
        shown = filled;
        console.error(`filled ${filled.toLocaleString('en-US')} events`);
      }
    });
    await store.close();
    const fillSeconds = (performance.now() - fillStarted) / 1000;
    console.error(`filled ${total.toLocaleString('en-US')} events in ${fillSeconds.toFixed(1)} s`);

    const report = await new Promise<RebuildReport>((done, fail) => {
      const child = fork(process.argv[1], ['--rebuild', path, prefix], { execArgv: [...profileFlags(), require.resolve('./run-ts.js')] });
      child.once('message', (message) => done(message as RebuildReport));
      child.once('exit', (code) => code && fail(new Error(`rebuild exited with ${code}`)));
    });
    const rate = Math.round(report.events / report.seconds);
    console.error(`rebuilt ${report.views.toLocaleString('en-US')} views from ${report.events.toLocaleString('en-US')} events in ${report.seconds.toFixed(1)} s: ${rate.toLocaleString('en-US')} events/s`);
    console.error(`rate by tenth of the log (events/s): ${report.rates.join(' ')}`);
    const perEvent = (seconds: number | null) => (seconds === null ? NaN : round((seconds * 1e6) / report.events, 1));
    console.error(`CPU per event: rebuild ${perEvent(report.cpuSeconds.rebuild)} µs, Redis ${perEvent(report.cpuSeconds.redis)} µs; Redis commands per event ${round(report.redisCommands / report.events)}`);
    const rows = [
      row({ suite: 'projection rebuild', case: `${total.toLocaleString('en-US')} events`, metric: 'rebuild rate', value: rate, unit: 'events/s', target: TARGET_EVENTS_PER_SECOND }),
      row({ suite: 'projection rebuild', case: `${total.toLocaleString('en-US')} events`, metric: 'CPU per event, rebuild process', value: perEvent(report.cpuSeconds.rebuild), unit: 'µs' }),
      row({ suite: 'projection rebuild', case: `${total.toLocaleString('en-US')} events`, metric: 'CPU per event, Redis', value: perEvent(report.cpuSeconds.redis), unit: 'µs' }),
      row({ suite: 'projection rebuild', case: `${total.toLocaleString('en-US')} events`, metric: 'Redis commands per event', value: round(report.redisCommands / report.events), unit: 'commands' }),
      row({ suite: 'projection rebuild', case: `${total.toLocaleString('en-US')} events`, metric: 'peak RSS', value: mb(report.peakRss), unit: 'MB', note: `baseline ${mb(report.baselineRss)} MB` }),
      row({ suite: 'projection rebuild', case: `${total.toLocaleString('en-US')} events`, metric: 'peak heap used', value: mb(report.peakHeapUsed), unit: 'MB' }),
      row({ suite: 'projection rebuild', case: `${total.toLocaleString('en-US')} events`, metric: 'Redis memory added', value: mb(report.redisMemory.after - report.redisMemory.before), unit: 'MB' }),
    ];
    console.log(rowsTable(rows));
    const file = writeSuiteResult({
      suite: 'projection-rebuild',
      startedAt: new Date().toISOString(),
      seconds: round((performance.now() - started) / 1000, 1),
      machine: describeMachine(await redisVersion()),
      rows,
      details: { fillSeconds: round(fillSeconds, 1), ...report },
    });
    console.error(`wrote ${file}`);
  } finally {
    await deleteKeys(prefix);
    await rm(dir, { recursive: true, force: true });
  }
}

async function rebuildChild(path: string, prefix: string) {
  const store = new SqliteEventStore(path);
  const redis = redisClient();
  const redisMemory = async () => Number(/used_memory:(\d+)/.exec(await redis.info('memory'))?.[1] ?? 0);
  const redisCommands = async () => Number(/total_commands_processed:(\d+)/.exec(await redis.info('stats'))?.[1] ?? 0);
  const commandsBefore = await redisCommands();
  const before = await redisMemory();
  const total = settings.rebuildEvents;
  const baselineRss = process.memoryUsage.rss();
  let peakHeapUsed = 0;
  const rates: number[] = [];
  let tenthStarted = performance.now();
  let tenthFrom = 0;
  const redisProcess = await redisPid();
  const redisCpuBefore = redisProcess ? cpuSeconds(redisProcess) : null;
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const result = await rebuildReadModel(store, new RedisViewGenerations(redis, prefix), {
    pageSize: settings.rebuildPageSize || undefined,
    onPage: (scanned) => {
      peakHeapUsed = Math.max(peakHeapUsed, process.memoryUsage().heapUsed);
      if (scanned - tenthFrom >= total / 10) {
        const now = performance.now();
        rates.push(Math.round(((scanned - tenthFrom) * 1000) / (now - tenthStarted)));
        tenthFrom = scanned;
        tenthStarted = now;
      }
    },
  });
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const redisCpuAfter = redisProcess ? cpuSeconds(redisProcess) : null;
  const after = await redisMemory();
  const commands = (await redisCommands()) - commandsBefore;
  redis.disconnect();
  await store.close();
  const report: RebuildReport = {
    events: result.events,
    views: result.views,
    seconds,
    baselineRss,
    peakRss: process.resourceUsage().maxRSS * 1024,
    peakHeapUsed,
    rates,
    redisMemory: { before, after },
    redisCommands: commands,
    cpuSeconds: {
      rebuild: round((cpu.user + cpu.system) / 1e6),
      redis: redisCpuBefore !== null && redisCpuAfter !== null ? round(redisCpuAfter - redisCpuBefore) : null,
    },
  };
  process.send!(report);
}

/** BENCH_CPU_PROF=rebuild profiles the rebuilding process. */
function profileFlags(): string[] {
  if (!(process.env.BENCH_CPU_PROF ?? '').split(',').includes('rebuild')) return [];
  return ['--cpu-prof', `--cpu-prof-dir=${join(settings.resultsDir, 'profiles')}`, `--cpu-prof-name=rebuild-${Date.now()}.cpuprofile`];
}
