// What every suite writes: bench/results/<suite>.json with the machine, the settings and its rows,
// and a table on stdout. The rows are what bench/index.ts gathers into the summary table.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, freemem, loadavg, release, totalmem } from 'node:os';
import { join } from 'node:path';
import { settings, QUICK, PROJECT_ROOT } from './settings';
import { fmt } from './stats';

/** One line of the summary: what was measured, the figure, and the target it is held against. */
export interface Row {
  suite: string;
  case: string;
  metric: string;
  value: number;
  unit: string;
  /** e.g. '>= 3000' or '<= 5'; absent when the issue sets no target. */
  target?: string;
  met?: boolean;
  note?: string;
}

export interface SuiteResult {
  suite: string;
  startedAt: string;
  seconds: number;
  quick: boolean;
  machine: MachineDescription;
  settings: Record<string, unknown>;
  rows: Row[];
  details: unknown;
}

export interface MachineDescription {
  cpu: string;
  cores: number;
  memoryGiB: number;
  freeMemoryGiB: number;
  loadAverage: number[];
  os: string;
  node: string;
  sqlite: string | null;
  redis: string | null;
  commit: string | null;
  filesystem: string | null;
}

export function describeMachine(redisVersion: string | null = null): MachineDescription {
  const cores = cpus();
  return {
    cpu: cores[0]?.model ?? 'unknown',
    cores: cores.length,
    memoryGiB: Number((totalmem() / 2 ** 30).toFixed(1)),
    freeMemoryGiB: Number((freemem() / 2 ** 30).toFixed(1)),
    loadAverage: loadavg().map((l) => Number(l.toFixed(2))),
    os: `${osName()} (kernel ${release()})`,
    node: process.version,
    sqlite: sqliteVersion(),
    redis: redisVersion,
    commit: quiet(() => execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: PROJECT_ROOT }).toString().trim()),
    filesystem: quiet(() => execFileSync('df', ['-T', require('node:os').tmpdir()]).toString().trim().split('\n')[1]?.split(/\s+/)[1] ?? null),
  };
}

/** Holds a figure against its target ('>= 3000', '<= 5'). */
export function against(value: number, target: string): boolean {
  const [, op, bound] = /^(>=|<=)\s*([\d.]+)$/.exec(target) ?? [];
  if (!op) throw new Error(`bad target ${target}`);
  return op === '>=' ? value >= Number(bound) : value <= Number(bound);
}

export function row(r: Omit<Row, 'met'>): Row {
  const labelled = settings.whatIf.length ? { ...r, case: `${r.case} [what-if: ${settings.whatIf.join(', ')}]` } : r;
  return labelled.target ? { ...labelled, met: against(labelled.value, labelled.target) } : labelled;
}

export function writeSuiteResult(result: Omit<SuiteResult, 'quick' | 'settings' | 'machine'> & { machine?: MachineDescription }): string {
  mkdirSync(settings.resultsDir, { recursive: true });
  const file = join(settings.resultsDir, `${result.suite}.json`);
  const full: SuiteResult = { ...result, quick: QUICK, machine: result.machine ?? describeMachine(), settings: { ...settings } };
  writeFileSync(file, JSON.stringify(full, (_, v) => (typeof v === 'bigint' ? v.toString() : v), 2) + '\n');
  return file;
}

export function readSuiteResult(suite: string): SuiteResult | null {
  try {
    return JSON.parse(readFileSync(join(settings.resultsDir, `${suite}.json`), 'utf8')) as SuiteResult;
  } catch {
    return null;
  }
}

/** A plain text table, right-aligned numbers. */
export function table(header: string[], rows: (string | number)[][]): string {
  const cells = [header, ...rows.map((r) => r.map((c) => (typeof c === 'number' ? fmt(c, Number.isInteger(c) ? 0 : 2) : c)))];
  const widths = header.map((_, i) => Math.max(...cells.map((r) => String(r[i] ?? '').length)));
  const line = (r: (string | number)[]) =>
    r.map((c, i) => (typeof rows[0]?.[i] === 'number' ? String(c).padStart(widths[i]) : String(c).padEnd(widths[i]))).join('  ');
  return [line(cells[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map(line)].join('\n');
}

export function rowsTable(rows: Row[]): string {
  return table(
    ['suite', 'case', 'metric', 'value', 'unit', 'target', 'met'],
    rows.map((r) => [r.suite, r.case, r.metric, r.value, r.unit, r.target ?? '', r.met === undefined ? '' : r.met ? 'yes' : 'NO']),
  );
}

export function markdownRows(rows: Row[]): string {
  const head = '| suite | case | metric | value | unit | target | met |\n|---|---|---|---:|---|---|---|';
  const body = rows.map(
    (r) =>
      `| ${r.suite} | ${r.case} | ${r.metric} | ${fmt(r.value, Number.isInteger(r.value) ? 0 : 2)} | ${r.unit} | ${r.target ?? ''} | ${r.met === undefined ? '' : r.met ? 'yes' : '**no**'} |`,
  );
  return [head, ...body].join('\n');
}

function sqliteVersion(): string | null {
  return quiet(() => {
    const Database = require('better-sqlite3');
    const db = new Database(':memory:');
    const version = db.prepare('select sqlite_version()').pluck().get() as string;
    db.close();
    return version;
  });
}

function osName(): string {
  return quiet(() => /PRETTY_NAME="([^"]+)"/.exec(readFileSync('/etc/os-release', 'utf8'))?.[1] ?? null) ?? process.platform;
}

function quiet<T>(read: () => T): T | null {
  try {
    return read();
  } catch {
    return null;
  }
}
