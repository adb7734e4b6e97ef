// Fills a temporary SQLite event store with 1,000,000 volume events, exports them as JSON Lines
// the way `cinder-engine export` does, and prints the export's rate and peak RSS. The export runs
// in a process of its own, so its peak RSS is its own: it stays flat however many events there
// are (sampled at each tenth of the way). Run: npm run bench:export [-- EVENTS]
// (EVENTS defaults to BENCH_EXPORT_EVENTS, else 1,000,000; 100,000 with BENCH_QUICK=1.)
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportAuditLog } from '@app/audit';
import { SqliteEventStore, type NewEvent } from '@app/event-store';
import { VOLUME_LOG } from '@app/read-model';
import { deterministicUuid, ENGINE_ACTOR, toNewEvents, type CommandContext } from '@app/volume-commands';
import type { VolumeEvent } from '@app/domain';
import { ProgressBar } from '../apps/cli/src/progress-bar';
import { describeMachine, row, rowsTable, writeSuiteResult } from './support/report';
import { settings } from './support/settings';
import { round } from './support/stats';

const EVENTS_PER_VOLUME = 100;
const MB = 1024 * 1024;

interface ExportReport {
  exported: number;
  seconds: number;
  bytes: number;
  /** RSS (bytes) with the store open, before exporting: the modules loaded, no events read. */
  baseline: number;
  /** Peak RSS (bytes) after each tenth of the export. */
  peaks: number[];
}

if (process.argv[2] === '--export') void exportChild(process.argv[3], Number(process.argv[4]));
else void main(Number(process.argv[2] ?? settings.exportEvents));

async function main(total: number) {
  const started = Date.now();
  const dir = await mkdtemp(join(tmpdir(), 'bench-export-'));
  try {
    const fillSeconds = await fill(join(dir, 'events.sqlite'), total);
    console.log(`filled ${total.toLocaleString('en-US')} events in ${fillSeconds.toFixed(1)} s`);
    const report = await new Promise<ExportReport>((done, fail) => {
      const child = fork(process.argv[1], ['--export', dir, String(total)], { execArgv: [require.resolve('./run-ts.js')] });
      child.once('message', (message) => done(message as ExportReport));
      child.once('exit', (code) => code && fail(new Error(`export exited with ${code}`)));
    });
    const rate = Math.round(report.exported / report.seconds);
    console.log(
      `exported ${report.exported.toLocaleString('en-US')} events (${(report.bytes / MB).toFixed(0)} MB of JSON Lines) ` +
        `in ${report.seconds.toFixed(1)} s: ${rate.toLocaleString('en-US')} events/s`,
    );
    console.log(`export RSS before the first event (MB): ${(report.baseline / MB).toFixed(0)}`);
    console.log(`export peak RSS by tenth of the log (MB): ${report.peaks.map((p) => (p / MB).toFixed(0)).join(' ')}`);
    console.log(`export peak RSS: ${(Math.max(...report.peaks) / MB).toFixed(0)} MB`);
    const label = `${total.toLocaleString('en-US')} events`;
    const rows = [
      row({ suite: 'audit export', case: label, metric: 'export rate', value: rate, unit: 'events/s' }),
      row({ suite: 'audit export', case: label, metric: 'peak RSS', value: Math.round(Math.max(...report.peaks) / MB), unit: 'MB', note: `baseline ${(report.baseline / MB).toFixed(0)} MB` }),
    ];
    console.log(rowsTable(rows));
    writeSuiteResult({
      suite: 'export',
      startedAt: new Date(started).toISOString(),
      seconds: round((Date.now() - started) / 1000, 1),
      machine: describeMachine(),
      rows,
      details: { fillSeconds, ...report },
    });  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Volumes of 100 events each (created, then extends requested and completed), appended a volume per batch. */
async function fill(path: string, total: number): Promise<number> {
  const started = Date.now();
  const store = new SqliteEventStore(path, { synchronous: 'NORMAL' });
  const progress = new ProgressBar(process.stderr, 'fill', { from: 0n, to: BigInt(total) });
  for (let filled = 0; filled < total; filled += EVENTS_PER_VOLUME) {
    const id = deterministicUuid(`bench-volume-${filled}`);
    const count = Math.min(EVENTS_PER_VOLUME, total - filled);
    await store.append(VOLUME_LOG.streamId(id), volumeEvents(id, count), 'no_stream');
    progress.update(filled + count, BigInt(filled + count));
  }
  progress.finish();
  await store.close();
  return (Date.now() - started) / 1000;
}

function volumeEvents(id: string, count: number): NewEvent[] {
  const at = new Date('2026-11-27T10:00:00.000Z');
  const context = (name: string): CommandContext => ({
    actor: ENGINE_ACTOR, request_id: `req-${name}`, correlation_id: name, causation_id: name, microversion: null,
    now: at, eventId: (index) => deterministicUuid(`${name}/${index}`),
  });
  const events: VolumeEvent[] = [
    {
      type: 'VolumeCreateRequested',
      data: {
        volume_id: id, operation_id: `${id}-create`, project_id: `project-${id.slice(0, 2)}`, user_id: 'bench', size: 1,
        name: null, description: null, availability_zone: 'nova', volume_type: null, metadata: {}, multiattach: false,
        host: 'engine@file#default', created_at: '2026-11-27T10:00:00.000000',
      },
    },
    { type: 'VolumeCreated', data: { operation_id: `${id}-create`, host: 'engine@file#default', provider_location: `/data/volume-${id}` } },
  ];
  for (let size = 2; events.length < count; size++) {
    events.push({ type: 'VolumeExtendRequested', data: { operation_id: `${id}-${size}`, new_size: size, previous_status: 'available' } });
    events.push({ type: 'VolumeExtended', data: { operation_id: `${id}-${size}`, new_size: size, status: 'available' } });
  }
  return toNewEvents(events.slice(0, count), context(id));
}

async function exportChild(dir: string, total: number) {
  const store = new SqliteEventStore(join(dir, 'events.sqlite'));
  const output = join(dir, 'audit.jsonl');
  const out = createWriteStream(output);
  const peaks: number[] = [];
  const baseline = process.memoryUsage.rss();
  const started = Date.now();
  const { exported } = await exportAuditLog(store, VOLUME_LOG, out, {
    onPage: (scanned) => {
      if (scanned >= ((peaks.length + 1) * total) / 10) peaks.push(process.resourceUsage().maxRSS * 1024);
    },
  });
  out.end();
  await once(out, 'finish');
  const seconds = (Date.now() - started) / 1000;
  await store.close();
  process.send!({ exported, seconds, bytes: (await stat(output)).size, baseline, peaks } satisfies ExportReport);
}
