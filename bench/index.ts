// `npm run bench`: builds the engine, makes sure Redis answers, runs every benchmark suite in a
// process of its own, then prints one table of all the figures against the targets and
// writes bench/results/summary.json and summary.md (bench/results/ is git-ignored).
//
// BENCH_QUICK=1          small sizes everywhere (a smoke run of about a minute and a half)
// BENCH_SUITES=a,b       only these suites (event-store, actions, end-to-end, projection-rebuild, export)
// BENCH_ENGINE_ROOT=dir  run the engine built in dir/dist (no build here), e.g. a private copy
// BENCH_BUILD=0          use the existing dist/ as it is
// More sizes: bench/support/settings.ts; the method and the figures: docs/benchmarks.md.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { redisVersion } from './support/engine';
import { describeMachine, markdownRows, readSuiteResult, rowsTable, type Row, type SuiteResult } from './support/report';
import { BENCH_ROOT, PROJECT_ROOT, QUICK, settings } from './support/settings';

const SUITES: Record<string, string> = {
  'event-store': 'event-store.ts',
  actions: 'actions.ts',
  'end-to-end': 'end-to-end.ts',
  'projection-rebuild': 'projection-rebuild.ts',
  export: 'export-1m.ts',
};

async function main() {
  const started = Date.now();
  const wanted = (process.env.BENCH_SUITES?.trim() || Object.keys(SUITES).join(',')).split(',').map((s) => s.trim());
  const unknown = wanted.filter((s) => !SUITES[s]);
  if (unknown.length) throw new Error(`unknown suite(s) ${unknown.join(', ')}; known: ${Object.keys(SUITES).join(', ')}`);

  const needsEngine = wanted.some((s) => s === 'actions' || s === 'end-to-end');
  if (needsEngine && !process.env.BENCH_ENGINE_ROOT && process.env.BENCH_BUILD !== '0') step('build', 'npm', ['run', 'build']);
  const ensureRedis = join(PROJECT_ROOT, 'scripts/ensure-redis.sh');
  if (existsSync(ensureRedis)) step('redis', 'bash', [ensureRedis], { REDIS_URL: settings.redisUrl });

  const outcomes: { suite: string; ok: boolean; seconds: number; result: SuiteResult | null }[] = [];
  for (const suite of wanted) {
    console.error(`\n=== ${suite}${QUICK ? ' (quick)' : ''} ===`);
    const suiteStarted = Date.now();
    const run = spawnSync(process.execPath, [join(BENCH_ROOT, 'run-ts.js'), join(BENCH_ROOT, SUITES[suite])], { stdio: 'inherit', cwd: PROJECT_ROOT });
    const result = readSuiteResult(suite);
    const fresh = result && Date.parse(result.startedAt) >= suiteStarted - 1000 ? result : null;
    outcomes.push({ suite, ok: run.status === 0 && fresh !== null, seconds: Math.round((Date.now() - suiteStarted) / 1000), result: fresh });
  }

  const rows: Row[] = outcomes.flatMap((o) => o.result?.rows ?? []);
  const machine = describeMachine(await redisVersion());
  const seconds = Math.round((Date.now() - started) / 1000);
  const machineLine =
    `${machine.cores} x ${machine.cpu}, ${machine.memoryGiB} GiB, ${machine.os}, Node ${machine.node}, ` +
    `SQLite ${machine.sqlite}, Redis ${machine.redis}, ${machine.filesystem ?? '?'} disk, commit ${machine.commit}` +
    `, load average ${machine.loadAverage.join(' ')}`;
  console.log(`\n=== summary (${seconds} s${QUICK ? ', quick sizes' : ''}) ===`);
  console.log(machineLine);
  console.log(rowsTable(rows));
  for (const o of outcomes) console.log(`${o.ok ? 'ok    ' : 'FAILED'} ${o.suite} (${o.seconds} s)`);

  mkdirSync(settings.resultsDir, { recursive: true });
  writeFileSync(
    join(settings.resultsDir, 'summary.json'),
    JSON.stringify({ finishedAt: new Date().toISOString(), seconds, quick: QUICK, machine, suites: outcomes.map(({ suite, ok, seconds }) => ({ suite, ok, seconds })), rows }, null, 2) + '\n',
  );
  writeFileSync(join(settings.resultsDir, 'summary.md'), `${machineLine}\n\n${markdownRows(rows)}\n`);
  console.error(`wrote ${join(settings.resultsDir, 'summary.json')} and summary.md`);
  if (outcomes.some((o) => !o.ok)) process.exit(1);
}

function step(name: string, command: string, args: string[], env: Record<string, string> = {}) {
  console.error(`=== ${name}: ${command} ${args.join(' ')}`);
  const run = spawnSync(command, args, { stdio: 'inherit', cwd: PROJECT_ROOT, env: { ...process.env, ...env } });
  if (run.status !== 0) throw new Error(`${name} failed (${command} ${args.join(' ')} exited with ${run.status})`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
