import { fork, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { RecordedEvent } from './event-store.port';
import { SqliteEventStore } from './sqlite-event-store';

/**
 * The api process and the workers open one SQLite file each. These tests run the real adapter in
 * child processes: the child compiles the TypeScript sources on require with @swc/core (what jest
 * uses here too), so no build step and no copy of the adapter's SQL is involved.
 */
const CHILD_SCRIPT = `
const swc = require(${JSON.stringify(require.resolve('@swc/core'))});
require.extensions['.ts'] = (module, filename) => {
  const { code } = swc.transformFileSync(filename, {
    swcrc: false,
    jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
    module: { type: 'commonjs' },
  });
  module._compile(code, filename);
};
const { SqliteEventStore } = require(${JSON.stringify(join(__dirname, 'sqlite-event-store.ts'))});
const Database = require(${JSON.stringify(require.resolve('better-sqlite3'))});
const task = JSON.parse(process.argv[2]);
const event = (type) => ({ id: require('node:crypto').randomUUID(), type, data: { pid: process.pid }, metadata: {} });
const nextMessage = () => new Promise((resolve) => process.once('message', resolve));

const tasks = {
  // Appends one event per call, yielding between calls so a follower can interleave.
  async append({ path, streamId, count }) {
    const store = new SqliteEventStore(path);
    for (let i = 0; i < count; i++) {
      await store.append(streamId, [event('Appended' + i)], i === 0 ? 'no_stream' : i - 1);
      await new Promise((resolve) => setImmediate(resolve));
    }
    await store.close();
    return {};
  },
  async follow({ path, prefix, count }) {
    const store = new SqliteEventStore(path);
    const subscription = store.subscribe({ streamPrefixes: [prefix] });
    const events = subscription[Symbol.asyncIterator]();
    const first = events.next();
    process.send({ ready: true });
    const seen = [(await first).value];
    while (seen.length < count) seen.push((await events.next()).value);
    await store.close();
    return { seen };
  },
  // Appends like a command handler: read the revision, append at it, retry on conflict.
  async compete({ path, streamId, count }) {
    const store = new SqliteEventStore(path);
    process.send({ ready: true });
    await nextMessage();
    const wins = [];
    let conflicts = 0;
    while (wins.length < count) {
      const revision = await store.streamRevision(streamId);
      const proposed = event('Won');
      try {
        const { nextRevision } = await store.append(streamId, [proposed], revision ?? 'no_stream');
        wins.push({ id: proposed.id, revision: nextRevision });
      } catch (error) {
        if (error.name !== 'WrongExpectedRevisionError') throw error;
        conflicts += 1;
      }
    }
    await store.close();
    return { wins, conflicts };
  },
  // Appends a group together, reports what was acknowledged, then dies without closing the store.
  async appendTogetherThenCrash({ path, streams }) {
    const store = new SqliteEventStore(path);
    const existing = event('Created');
    await store.append('volume-existing', [existing], 'no_stream');
    const before = store.appendStats().commits;
    const group = streams.map((streamId) => ({ streamId, events: [event('Appended')], expected: 'no_stream' }));
    group.push({ streamId: 'volume-existing', events: [event('Stale')], expected: 5 });
    const outcomes = await Promise.allSettled(group.map((a) => store.append(a.streamId, a.events, a.expected)));
    const acknowledged = group.flatMap((a, i) => (outcomes[i].status === 'fulfilled' ? [{ streamId: a.streamId, id: a.events[0].id }] : []));
    const commits = store.appendStats().commits - before;
    process.send({ result: { acknowledged, commits, existing: existing.id } }, () => process.kill(process.pid, 'SIGKILL'));
    return new Promise(() => undefined);
  },
  async holdWriteLock({ path, holdMs }) {
    const db = new Database(path);
    db.exec('BEGIN IMMEDIATE');
    process.send({ ready: true });
    await new Promise((resolve) => setTimeout(resolve, holdMs));
    db.exec('COMMIT');
    db.close();
    return {};
  },
};

tasks[task.name](task).then(
  (result) => process.send({ result }, () => process.exit(0)),
  (error) => process.send({ error: String(error && error.stack || error) }, () => process.exit(1)),
);
`;

interface ChildMessage<T> {
  ready?: true;
  result?: T;
  error?: string;
}

interface Child<T> {
  ready: Promise<void>;
  result: Promise<T>;
  process: ChildProcess;
}

describe('SqliteEventStore shared by several processes', () => {
  let dir: string;
  let path: string;
  let script: string;
  const children: ChildProcess[] = [];
  const stores: SqliteEventStore[] = [];

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'sqlite-event-store-mp-'));
    path = join(dir, 'events.db');
    script = join(dir, 'child.js');
    writeFileSync(script, CHILD_SCRIPT);
  });

  afterEach(async () => {
    for (const child of children.splice(0)) if (child.exitCode === null) child.kill();
    await Promise.all(stores.splice(0).map((s) => s.close()));
    rmSync(dir, { recursive: true, force: true });
  });

  function openStore(): SqliteEventStore {
    const store = new SqliteEventStore(path);
    stores.push(store);
    return store;
  }

  function runChild<T>(task: Record<string, unknown>): Child<T> {
    // advanced serialisation carries bigint positions over IPC.
    const child = fork(script, [JSON.stringify({ path, ...task })], { execArgv: [], serialization: 'advanced' });
    children.push(child);
    const exited = new Promise<never>((_, reject) =>
      child.once('exit', (code) => reject(new Error(`child ${String(task.name)} exited with ${code}`))),
    );
    const firstMessage = (wanted: (message: ChildMessage<T>) => boolean) =>
      Promise.race([
        new Promise<ChildMessage<T>>((resolve) =>
          child.on('message', (message: ChildMessage<T>) => wanted(message) && resolve(message)),
        ),
        exited,
      ]);
    const ready = firstMessage((m) => m.ready === true).then(() => undefined);
    const result = firstMessage((m) => 'result' in m || 'error' in m).then((m) => {
      if (m.error) throw new Error(`child ${String(task.name)} failed: ${m.error}`);
      return m.result as T;
    });
    // A test that failed early never awaits these; the rejection must not surface as unhandled.
    for (const outcome of [ready, result]) outcome.catch(() => undefined);
    return { ready, result, process: child };
  }

  it('follows live the events another process appends', async () => {
    const streamId = `volume-${randomUUID()}`;
    const store = openStore();
    const events = store.subscribe()[Symbol.asyncIterator]();
    // Waiting before the child even starts, so every event has to arrive by polling.
    const firstArrival = events.next();

    const writer = runChild<object>({ name: 'append', streamId, count: 100 });

    const delivered = [(await firstArrival).value as RecordedEvent];
    while (delivered.length < 100) delivered.push((await events.next()).value as RecordedEvent);
    await writer.result;
    expect(delivered.map((e) => e.revision)).toEqual([...Array(100).keys()]);
    expect(delivered.map((e) => e.type)).toEqual([...Array(100).keys()].map((i) => `Appended${i}`));
    expect(new Set(delivered.map((e) => e.id)).size).toBe(100);
    expect(delivered.map((e) => e.id)).toEqual((await store.readStream(streamId)).map((e) => e.id));
  });

  it('lets another process follow what this process appends', async () => {
    const prefix = `volume-${randomUUID()}-`;
    const store = openStore();
    const follower = runChild<{ seen: RecordedEvent[] }>({ name: 'follow', prefix, count: 60 });
    await follower.ready;

    for (let i = 0; i < 20; i++) {
      await store.append(`${prefix}${i % 4}`, [1, 2, 3].map((n) => newEvent(`E${i}.${n}`)), 'any');
    }

    const { seen } = await follower.result;
    expect(seen).toEqual(await store.readAll());
  });

  it('lets exactly one of two competing processes win each revision', async () => {
    const streamId = `volume-${randomUUID()}`;
    const competitors = [1, 2].map(() =>
      runChild<{ wins: { id: string; revision: number }[]; conflicts: number }>({
        name: 'compete',
        streamId,
        count: 150,
      }),
    );
    await Promise.all(competitors.map((c) => c.ready));
    for (const c of competitors) c.process.send('go');

    const results = await Promise.all(competitors.map((c) => c.result));

    const wins = results.flatMap((r) => r.wins).sort((a, b) => a.revision - b.revision);
    const stored = await openStore().readStream(streamId);
    expect(wins.map((w) => w.revision)).toEqual([...Array(300).keys()]);
    expect(stored.map((e) => [e.id, e.revision])).toEqual(wins.map((w) => [w.id, w.revision]));
    // Without contention the test would prove nothing about the revision check.
    expect(results[0].conflicts + results[1].conflicts).toBeGreaterThan(0);
    const db = new Database(path, { readonly: true });
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
  });

  it('keeps every acknowledged append of a group when the process dies right after', async () => {
    const streams = [...Array(20).keys()].map((i) => `volume-${i}`);
    const child = runChild<{ acknowledged: { streamId: string; id: string }[]; commits: number; existing: string }>({
      name: 'appendTogetherThenCrash',
      streams,
    });

    const { acknowledged, commits, existing } = await child.result;
    await new Promise((resolve) => (child.process.exitCode === null && child.process.signalCode === null ? child.process.once('exit', resolve) : resolve(null)));

    expect(child.process.signalCode).toBe('SIGKILL');
    expect(commits).toBe(1);
    expect(acknowledged.map((a) => a.streamId)).toEqual(streams);
    const store = openStore();
    const stored = await store.readAll();
    expect(stored.map((e) => [e.streamId, e.id])).toEqual([
      ['volume-existing', existing],
      ...acknowledged.map((a) => [a.streamId, a.id]),
    ]);
    const db = new Database(path, { readonly: true });
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
  });

  it("waits for another process's write lock instead of failing with SQLITE_BUSY", async () => {
    const store = openStore();
    const locker = runChild<object>({ name: 'holdWriteLock', holdMs: 300 });
    await locker.ready;

    const started = Date.now();
    await store.append('volume-1', [newEvent('A')], 'no_stream');

    expect(Date.now() - started).toBeGreaterThanOrEqual(150);
    await locker.result;
    expect(await store.streamRevision('volume-1')).toBe(0);
  });
});

function newEvent(type: string) {
  return { id: randomUUID(), type, data: {}, metadata: {} };
}
