import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitFor } from '../support/engine-process';

/**
 * The real OpenStack clients (Debian's python3-cinderclient and python3-openstacksdk) driven
 * against a running engine in noauth mode. `.ci/run` installs the packages when missing.
 *
 * Debian's packages live in the system Python's dist-packages, so the helpers run under
 * /usr/bin/python3 rather than whatever `python3` comes first on PATH (pyenv, a virtualenv).
 */
export const PYTHON = process.env.OPENSTACK_CLIENTS_PYTHON ?? '/usr/bin/python3';
export const CINDER = process.env.CINDER_CLI ?? '/usr/bin/cinder';
const HERE = __dirname;

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * The clients read OS_* settings from the environment; none of the caller's may leak in. `cinder
 * list` writes a name/id completion cache, kept out of the caller's home.
 */
function cleanEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const key of Object.keys(env)) if (/^(OS_|CINDER_|Cinder_)/.test(key)) delete env[key];
  env.CINDERCLIENT_UUID_CACHE_DIR = join(tmpdir(), 'cinderclient-e2e-cache');
  return env;
}

export function run(file: string, args: string[], timeoutMs = 60000): Promise<Run> {
  return new Promise((done) => {
    execFile(file, args, { env: cleanEnv(), timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      done({ code, stdout: stdout.toString(), stderr: stderr.toString() });
    });
  });
}

/** Fails with what to install when the clients are missing: a skipped suite would hide it. */
export async function assertClientsInstalled() {
  const probe = await run(PYTHON, ['-c', 'import cinderclient, openstack, keystoneauth1']);
  const cli = await run(CINDER, ['--version']);
  if (probe.code !== 0 || cli.code !== 0) {
    throw new Error(
      `The OpenStack clients are not installed for ${PYTHON} (${CINDER}): ` +
        "run 'apt-get install -y python3-cinderclient python3-openstacksdk' as root (.ci/run does).\n" +
        `${probe.stderr}${cli.stderr}`,
    );
  }
}

/** The `cinder` shell with cinderclient's noauth plugin, as the README shows it. */
export class CinderShell {
  constructor(
    readonly base: string,
    readonly project: string,
    readonly user = 'admin',
    /** `null`: no --os-volume-api-version, the shell negotiates its own. */
    readonly version: string | null = '3.64',
    readonly endpoint = `${base}/v3`,
  ) {}

  args(args: string[], version = this.version): string[] {
    return [
      '--os-auth-type', 'noauth',
      '--os-user-id', this.user,
      '--os-project-id', this.project,
      '--os-endpoint', this.endpoint,
      ...(version ? ['--os-volume-api-version', version] : []),
      ...args,
    ];
  }

  run(args: string[], version = this.version): Promise<Run> {
    return run(CINDER, this.args(args, version));
  }

  /** Runs a command that must succeed, returning its standard output. */
  async ok(args: string[], version = this.version): Promise<string> {
    const result = await this.run(args, version);
    if (result.code !== 0) throw new Error(`cinder ${args.join(' ')} exited ${result.code}:\n${result.stderr}${result.stdout}`);
    return result.stdout;
  }

  /** `cinder show` (or `snapshot-show`) as a property → value map. */
  async show(id: string, command = 'show'): Promise<Record<string, string>> {
    return propertyTable(await this.ok([command, id]));
  }

  /** The resource over plain HTTP: waiting costs a request a poll, not a client start-up. */
  private async fetch(kind: Kind, id: string) {
    const res = await fetch(`${this.base}/v3/${this.project}/${kind}s/${id}`, {
      headers: { 'X-Auth-Token': `${this.user}:${this.project}`, 'OpenStack-API-Version': `volume ${this.version ?? '3.64'}` },
    });
    return { status: res.status, body: res.status === 200 ? ((await res.json()) as Record<string, any>)[kind] : null };
  }

  /** Waits until the resource's JSON (over plain HTTP) satisfies the check; answers that JSON. */
  async waitUntil(id: string, check: (resource: any) => boolean, what: string, kind: Kind = 'volume') {
    let last: unknown;
    let found: any;
    await waitFor(
      async () => {
        const { status, body } = await this.fetch(kind, id);
        last = body ?? status;
        found = body;
        return status === 200 && check(body);
      },
      60000,
      () => `${kind} ${id}: ${what} never held; last seen ${JSON.stringify(last)}`,
    );
    return found;
  }

  /** Waits until the check holds (the worker finished), then answers what `show`/`snapshot-show` prints. */
  async waitFor(id: string, check: (resource: any) => boolean, what: string, kind: Kind = 'volume') {
    await this.waitUntil(id, check, what, kind);
    return this.show(id, SHOW[kind]);
  }

  waitForStatus(id: string, status: string, kind: Kind = 'volume') {
    return this.waitFor(id, (resource) => resource.status === status, `status ${status}`, kind);
  }

  /** Waits until the resource is gone; then the shell must say so too. */
  async waitForGone(id: string, kind: Kind = 'volume') {
    let last = 0;
    await waitFor(async () => (last = (await this.fetch(kind, id)).status) === 404, 60000, () => `${kind} ${id} never went away (${last})`);
    const shown = await this.run([SHOW[kind], id]);
    if (shown.code === 0 || !shown.stderr.includes(`No ${kind} with a name or ID of '${id}' exists.`)) {
      throw new Error(`cinder ${SHOW[kind]} ${id} after the ${kind} went away:\n${shown.stdout}${shown.stderr}`);
    }
  }
}

type Kind = 'volume' | 'snapshot';
const SHOW: Record<Kind, string> = { volume: 'show', snapshot: 'snapshot-show' };

/** python-cinderclient's Python API (test/clients/cinder_api.py), for actions without a shell command. */
export async function cinderApi(shell: CinderShell, method: string, args: unknown[], version = shell.version ?? '3.64') {
  const result = await run(PYTHON, [
    join(HERE, 'cinder_api.py'),
    '--endpoint', `${shell.base}/v3`,
    '--user', shell.user,
    '--project', shell.project,
    '--version', version,
    method,
    JSON.stringify(args),
  ]);
  return parseJsonOutput(result, `cinder_api.py ${method}`);
}

/** openstacksdk's block-storage proxy (test/clients/sdk.py); `debug` keeps its HTTP log. */
export async function sdk(
  base: string,
  project: string,
  method: string,
  args: unknown[] = [],
  kwargs: object = {},
  options: { debug?: boolean; endpoint?: string } = {},
) {
  const result = await run(PYTHON, [
    join(HERE, 'sdk.py'),
    '--endpoint', options.endpoint ?? `${base}/v3`,
    '--project', project,
    ...(options.debug ? ['--debug'] : []),
    method,
    JSON.stringify(args),
    JSON.stringify(kwargs),
  ]);
  return { ...parseJsonOutput(result, `sdk.py ${method}`), stderr: result.stderr };
}

/**
 * One openstacksdk connection for many calls (`sdk.py --serve`): the SDK discovers the versions
 * once, as a long-lived program using it would, and each call costs one request, not a Python
 * start-up.
 */
export class SdkSession {
  private readonly child: ChildProcess;
  private buffer = '';
  private stderr = '';
  private readonly waiting: Array<(line: string) => void> = [];

  constructor(base: string, readonly project: string) {
    this.child = spawn(PYTHON, [join(HERE, 'sdk.py'), '--serve', '--endpoint', `${base}/v3`, '--project', project], {
      env: cleanEnv(),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    this.child.stdout!.on('data', (chunk: Buffer) => {
      this.buffer += chunk.toString();
      let newline: number;
      while ((newline = this.buffer.indexOf('\n')) >= 0) {
        const line = this.buffer.slice(0, newline);
        this.buffer = this.buffer.slice(newline + 1);
        this.waiting.shift()?.(line);
      }
    });
    this.child.stderr!.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
    // A write after the process died fails the call below, not the test run.
    this.child.stdin!.on('error', () => undefined);
    this.child.once('exit', (code) => {
      for (const answer of this.waiting.splice(0)) answer(JSON.stringify({ exited: code }));
    });
  }

  /** Calls one proxy method (or a helper of sdk.py); answers `{result, microversions}` or `{error}`. */
  call(method: string, args: unknown[] = [], kwargs: object = {}): Promise<any> {
    if (this.child.exitCode !== null) return Promise.reject(new Error(`sdk.py --serve exited ${this.child.exitCode}:\n${this.stderr}`));
    return new Promise((done, fail) => {
      this.waiting.push((line) => {
        const answer = JSON.parse(line);
        if ('exited' in answer) fail(new Error(`sdk.py --serve exited ${answer.exited}:\n${this.stderr}`));
        else done(answer);
      });
      this.child.stdin!.write(`${JSON.stringify({ method, args, kwargs })}\n`);
    });
  }

  close() {
    this.child.stdin!.end();
  }
}

function parseJsonOutput(result: Run, what: string): any {
  try {
    return JSON.parse(result.stdout);
  } catch {
    throw new Error(`${what} exited ${result.code} without JSON:\n${result.stdout}\n${result.stderr}`);
  }
}

/**
 * A prettytable as the clients print it: the header and the rows, cells trimmed. A row whose
 * first cell is empty continues the row above (a multi-line value, such as a dict printed one
 * `key : value` per line).
 */
export function parseTable(text: string): { header: string[]; rows: string[][] } {
  const lines = text.split('\n').filter((line) => line.startsWith('|'));
  const cells = (line: string) => line.slice(1, line.lastIndexOf('|')).split('|').map((c) => c.trim());
  if (lines.length === 0) throw new Error(`no table in:\n${text}`);
  const header = cells(lines[0]);
  const rows: string[][] = [];
  for (const line of lines.slice(1)) {
    const row = cells(line);
    if (row[0] === '' && rows.length > 0) {
      const previous = rows[rows.length - 1];
      row.forEach((cell, i) => {
        if (cell !== '') previous[i] = previous[i] ? `${previous[i]}\n${cell}` : cell;
      });
    } else {
      rows.push(row);
    }
  }
  return { header, rows };
}

/** A two-column table (Property | Value) as a map. */
export function propertyTable(text: string): Record<string, string> {
  return Object.fromEntries(parseTable(text).rows.map(([key, value]) => [key, value]));
}

/** A list table as one object per row, keyed by the column headers. */
export function listTable(text: string): Array<Record<string, string>> {
  const { header, rows } = parseTable(text);
  return rows.map((row) => Object.fromEntries(header.map((name, i) => [name, row[i]])));
}
