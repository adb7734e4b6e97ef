// The embedded SQLite event store on its own, in this process: append rates (one event per append,
// one at a time and 16 in flight, which group commit lets share a transaction, and batches) as the engine opens it (synchronous=FULL) and with synchronous=NORMAL; the time to
// rehydrate a volume (what VolumeCommandExecutor.load does: newest state snapshot plus the events
// after it) against the length of its stream, with and without snapshots; and the fold of a
// project's quota stream, which every create and extend reads whole. Run: npm run bench:event-store
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadVolumeState } from '@app/audit';
import { SqliteEventStore, type EventStore } from '@app/event-store';
import { QUOTA_EVENT_SCHEMA_VERSIONS, quotaStreamId } from '@app/domain/quota/project-quota';
import {
  ENGINE_ACTOR,
  ProjectQuotaService,
  deterministicUuid,
  toStoredEvents,
  toVolumeEvent,
  volumeStreamId,
  type CommandContext,
} from '@app/volume-commands';
import { describeMachine, row, rowsTable, table, writeSuiteResult, type Row } from './support/report';
import { settings } from './support/settings';
import { round, summarise, type LatencySummary } from './support/stats';
import { fillVolumeStream, volumeHistory } from './support/volume-events';

type Sync = 'FULL' | 'NORMAL';

interface AppendRun {
  sync: Sync;
  batch: number;
  /** Appends in flight at once, each to its own stream: what group commit lets share an fsync. */
  inFlight: number;
  appends: number;
  /** Appends per transaction (the store's group commit). */
  appendsPerCommit: number;
  appendsPerSecond: number;
  eventsPerSecond: number;
  latencyMs: LatencySummary;
}

interface RehydrationRun {
  streamLength: number;
  snapshots: 'none' | 'at head' | '99 events behind';
  eventsFolded: number;
  loads: number;
  latencyMs: LatencySummary;
}

interface QuotaRun {
  volumes: number;
  streamLength: number;
  reservesTimed: number;
  /** ProjectQuotaService.execute(ReserveQuota), as the API runs it before every create and extend. */
  latencyMs: LatencySummary;
  /** Of which: reading the whole stream (readStream). */
  readMs: LatencySummary;
  /** For comparison, not engine code: the same fold accumulating into one object instead of copying the holdings per event. */
  foldInPlaceMs: LatencySummary;
}

async function main() {
  const started = performance.now();
  const dir = await mkdtemp(join(tmpdir(), 'bench-event-store-'));
  const appends: AppendRun[] = [];
  const rehydration: RehydrationRun[] = [];
  const quota: QuotaRun[] = [];
  try {
    for (const sync of ['FULL', 'NORMAL'] as const) {
      appends.push(await appendRun(join(dir, `single-${sync}.sqlite`), sync, 1, 1, settings.singleAppends));
      appends.push(await appendRun(join(dir, `concurrent-${sync}.sqlite`), sync, 1, 16, settings.singleAppends));
      appends.push(await appendRun(join(dir, `batch-${sync}.sqlite`), sync, settings.batchSize, 1, settings.batchAppends));
    }
    for (const run of appends) console.error(`append x${run.batch}, ${run.inFlight} in flight (${run.sync}): ${Math.round(run.appendsPerSecond)} appends/s, p99 ${run.latencyMs.p99} ms, ${run.appendsPerCommit} appends per commit`);

    const store = new SqliteEventStore(join(dir, 'rehydration.sqlite'), { synchronous: 'NORMAL' });
    try {
      for (const length of settings.streamLengths) {
        for (const run of await rehydrationRuns(store, length)) {
          rehydration.push(run);
          console.error(`rehydrate ${length} events, snapshot ${run.snapshots}: p50 ${run.latencyMs.p50} ms (${run.eventsFolded} folded)`);
        }
      }
    } finally {
      await store.close();
    }

    const quotaStore = new SqliteEventStore(join(dir, 'quota.sqlite'), { synchronous: 'NORMAL' });
    try {
      for (const length of settings.quotaStreamLengths) {
        const run = await quotaRun(quotaStore, settings.quotaVolumes, length);
        quota.push(run);
        console.error(`quota reserve, stream of ${length} events over ${run.volumes} volumes: p50 ${run.latencyMs.p50} ms`);
      }
    } finally {
      await quotaStore.close();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }

  console.log(
    table(
      ['append', 'in flight', 'synchronous', 'appends/s', 'events/s', 'p50 ms', 'p99 ms', 'appends per commit'],
      appends.map((r) => [r.batch === 1 ? 'single event' : `batch of ${r.batch}`, r.inFlight, r.sync, Math.round(r.appendsPerSecond), Math.round(r.eventsPerSecond), r.latencyMs.p50, r.latencyMs.p99, r.appendsPerCommit]),
    ),
  );
  console.log();
  console.log(
    table(
      ['stream length', 'snapshot', 'events folded', 'p50 ms', 'p99 ms'],
      rehydration.map((r) => [r.streamLength, r.snapshots, r.eventsFolded, r.latencyMs.p50, r.latencyMs.p99]),
    ),
  );
  console.log();
  console.log(
    table(
      ['quota stream length', 'volumes', 'reserve p50 ms', 'reserve p99 ms', 'of which read p50 ms', 'in-place fold p50 ms (comparison)'],
      quota.map((r) => [r.streamLength, r.volumes, r.latencyMs.p50, r.latencyMs.p99, r.readMs.p50, r.foldInPlaceMs.p50]),
    ),
  );
  const rows = toRows(appends, rehydration, quota);
  console.log();
  console.log(rowsTable(rows));
  const file = writeSuiteResult({
    suite: 'event-store',
    startedAt: new Date().toISOString(),
    seconds: round((performance.now() - started) / 1000, 1),
    machine: describeMachine(),
    rows,
    details: { appends, rehydration, quota },
  });
  console.error(`wrote ${file}`);
}

/**
 * `count` appends of `batch` events each, every one to a new volume's stream (no contention),
 * `inFlight` at a time: each of that many appenders awaits its append before making the next.
 */
async function appendRun(path: string, sync: Sync, batch: number, inFlight: number, count: number): Promise<AppendRun> {
  const store = new SqliteEventStore(path, { synchronous: sync });
  const latencies: number[] = [];
  try {
    // Prepared batches, so only the append is timed.
    const work = Array.from({ length: count }, (_, i) => {
      const id = deterministicUuid(`append-${sync}-${batch}-${inFlight}-${i}`);
      return { stream: volumeStreamId(id), events: volumeHistory(id, 0, batch) };
    });
    const warmup = Math.min(100, Math.floor(count / 10));
    let timedFrom = performance.now();
    let statsFrom = store.appendStats();
    let next = 0;
    const appender = async () => {
      while (next < work.length) {
        const i = next++;
        if (i === warmup) {
          timedFrom = performance.now();
          statsFrom = store.appendStats();
        }
        const t0 = performance.now();
        await store.append(work[i].stream, work[i].events, 'no_stream');
        if (i >= warmup) latencies.push(performance.now() - t0);
      }
    };
    await Promise.all(Array.from({ length: inFlight }, appender));
    const seconds = (performance.now() - timedFrom) / 1000;
    const stats = store.appendStats();
    return {
      sync,
      batch,
      inFlight,
      appends: latencies.length,
      appendsPerCommit: round((stats.appends - statsFrom.appends) / Math.max(1, stats.commits - statsFrom.commits), 1),
      appendsPerSecond: round(latencies.length / seconds, 1),
      eventsPerSecond: round((latencies.length * batch) / seconds, 1),
      latencyMs: summarise(latencies),
    };
  } finally {
    await store.close();
  }
}

/**
 * Loads of one volume whose stream holds `length` events: folding the whole stream (no snapshot
 * taken: `every` beyond the length), then from a snapshot at the head, then from a snapshot 99
 * events behind it (the most a load folds before it writes a new one, SNAPSHOT_EVERY = 100).
 */
async function rehydrationRuns(store: EventStore, length: number): Promise<RehydrationRun[]> {
  const runs: RehydrationRun[] = [];
  const plain = await fillVolumeStream(store, `rehydrate-plain-${length}`, length);
  runs.push(await timeLoads(store, plain, length, 'none', { every: Number.MAX_SAFE_INTEGER }));

  if (length > 100) {
    const behind = await fillVolumeStream(store, `rehydrate-behind-${length}`, length - 99);
    // A load that folds 100 or more events writes a snapshot at the head it saw.
    await (await loadVolumeState(store, volumeStreamId(behind), toVolumeEvent)).snapshotWritten;
    const id = volumeStreamId(behind);
    await store.append(id, volumeHistory(behind, length - 99, 99), length - 100);
    runs.push(await timeLoads(store, behind, length, '99 events behind', { every: Number.MAX_SAFE_INTEGER }));
    await (await loadVolumeState(store, id, toVolumeEvent, { every: 1 })).snapshotWritten;
    runs.push(await timeLoads(store, behind, length, 'at head'));
  }
  return runs;
}

async function timeLoads(store: EventStore, volumeId: string, length: number, snapshots: RehydrationRun['snapshots'], options = {}): Promise<RehydrationRun> {
  const stream = volumeStreamId(volumeId);
  const latencies: number[] = [];
  let eventsFolded = 0;
  const budgetEnds = performance.now() + 3000;
  await loadVolumeState(store, stream, toVolumeEvent, options); // warm-up
  while (latencies.length < settings.rehydrations && (latencies.length < 3 || performance.now() < budgetEnds)) {
    const t0 = performance.now();
    const loaded = await loadVolumeState(store, stream, toVolumeEvent, options);
    latencies.push(performance.now() - t0);
    if (loaded.revision !== length - 1) throw new Error(`loaded revision ${loaded.revision}, expected ${length - 1}`);
    eventsFolded = loaded.eventsFolded;
    await loaded.snapshotWritten;
  }
  return { streamLength: length, snapshots, eventsFolded, loads: latencies.length, latencyMs: summarise(latencies) };
}

/**
 * A quota reservation (ProjectQuotaService, run before every create and extend) on a project
 * whose quota stream holds `length` events over `volumes` volumes: creates, then extends.
 */
async function quotaRun(store: EventStore, volumes: number, length: number): Promise<QuotaRun> {
  const project = `quota-bench-${length}`;
  const service = new ProjectQuotaService(store);
  const ctx: CommandContext = {
    actor: ENGINE_ACTOR, request_id: 'req-quota', correlation_id: 'quota', causation_id: null, microversion: null,
    now: new Date(), eventId: () => deterministicUuid(`quota-${project}-${Math.random()}`),
  };
  const limits = { volumes: -1, gigabytes: -1 };
  const volumeIds = Array.from({ length: volumes }, (_, i) => deterministicUuid(`quota-volume-${i}`));
  const reserve = (i: number, gigabytes: number) =>
    service.execute(project, { type: 'ReserveQuota', data: { volume_id: volumeIds[i % volumes], volumes: i < volumes ? 1 : 0, gigabytes, reason: 'bench', limits } }, ctx);
  // Filling through the service itself would take quadratic time; the same events are appended directly.
  for (let from = 0; from < length; from += 1000) {
    const events = Array.from({ length: Math.min(1000, length - from) }, (_, k) => {
      const i = from + k;
      return { type: 'QuotaReserved' as const, data: { volume_id: volumeIds[i % volumes], volumes: i < volumes ? 1 : 0, gigabytes: 1, reason: 'bench' } };
    });
    const batchCtx = { ...ctx, eventId: (index: number) => deterministicUuid(`quota-${project}-${from}-${index}`) };
    await store.append(quotaStreamId(project), toStoredEvents(events, QUOTA_EVENT_SCHEMA_VERSIONS, batchCtx), from === 0 ? 'no_stream' : from - 1);
  }
  const latencies: number[] = [];
  const reads: number[] = [];
  const inPlace: number[] = [];
  const budgetEnds = performance.now() + 3000;
  while (latencies.length < settings.rehydrations && (latencies.length < 3 || performance.now() < budgetEnds)) {
    const t0 = performance.now();
    await reserve(volumes + latencies.length, 1);
    latencies.push(performance.now() - t0);
    const t1 = performance.now();
    const recorded = await store.readStream(quotaStreamId(project));
    const t2 = performance.now();
    foldInPlace(recorded.map((e) => e.data as { volume_id: string; volumes: number; gigabytes: number }), recorded.map((e) => e.type));
    inPlace.push(performance.now() - t2);
    reads.push(t2 - t1);
  }
  return {
    volumes,
    streamLength: length,
    reservesTimed: latencies.length,
    latencyMs: summarise(latencies),
    readMs: summarise(reads),
    foldInPlaceMs: summarise(inPlace),
  };
}

/** evolveQuota's arithmetic, accumulated in place: O(events) rather than O(events x volumes). */
function foldInPlace(data: { volume_id: string; volumes: number; gigabytes: number }[], types: string[]) {
  const holdings = new Map<string, { volumes: number; gigabytes: number }>();
  data.forEach((d, i) => {
    const sign = types[i] === 'QuotaReserved' ? 1 : -1;
    const held = holdings.get(d.volume_id) ?? { volumes: 0, gigabytes: 0 };
    held.volumes += sign * d.volumes;
    held.gigabytes += sign * d.gigabytes;
    if (held.volumes === 0 && held.gigabytes === 0) holdings.delete(d.volume_id);
    else holdings.set(d.volume_id, held);
  });
  return holdings;
}

function toRows(appends: AppendRun[], rehydration: RehydrationRun[], quota: QuotaRun[]): Row[] {
  const rows: Row[] = [];
  for (const a of appends) {
    const what = a.batch === 1 ? 'single-event append' : `append of ${a.batch} events`;
    const label = `${what}${a.inFlight > 1 ? `, ${a.inFlight} in flight` : ''}, synchronous=${a.sync}`;
    rows.push(row({ suite: 'event store', case: label, metric: 'appends', value: Math.round(a.appendsPerSecond), unit: 'appends/s' }));
    if (a.batch > 1) rows.push(row({ suite: 'event store', case: label, metric: 'events', value: Math.round(a.eventsPerSecond), unit: 'events/s' }));
    rows.push(row({ suite: 'event store', case: label, metric: 'p99 latency', value: a.latencyMs.p99, unit: 'ms' }));
    if (a.inFlight > 1) rows.push(row({ suite: 'event store', case: label, metric: 'appends per commit', value: a.appendsPerCommit, unit: 'appends' }));
  }
  // "Flat with snapshots": the longest stream's load, from a snapshot 99 events behind (the worst a
  // load meets), within 2x the shortest stream's (which has no snapshot and folds everything).
  const shortest = rehydration.find((r) => r.snapshots === 'none');
  for (const r of rehydration) {
    const flat = r.snapshots !== 'none' && shortest ? { target: `<= ${round(Math.max(2 * shortest.latencyMs.p50, shortest.latencyMs.p50 + 1), 2)}` } : {};
    rows.push(row({ suite: 'rehydration', case: `${r.streamLength.toLocaleString('en-US')} events, snapshot ${r.snapshots}`, metric: 'p50 load', value: r.latencyMs.p50, unit: 'ms', ...flat, note: `${r.eventsFolded} events folded` }));
  }
  for (const q of quota) {
    const label = `${q.streamLength.toLocaleString('en-US')} events, ${q.volumes} volumes`;
    rows.push(row({ suite: 'quota stream', case: label, metric: 'p50 reserve', value: q.latencyMs.p50, unit: 'ms', note: `read ${q.readMs.p50} ms, in-place fold ${q.foldInPlaceMs.p50} ms` }));
  }
  return rows;
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
