import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CinderClient } from './support/cinder-client';
import { cli } from './support/cli';
import { engineEnv, startHttpEngine, type EngineEnv, type EngineProcess } from './support/engine-process';

interface Row {
  revision: number;
  time: string;
  type: string;
  actor: string;
  service: boolean;
  request_id: string;
  status_before: string | null;
  status_after: string | null;
}

const COMMANDS = ['history', 'state', 'tail', 'export', 'verify', 'rebuild', 'stuck'];

describe('the audit CLI against a store the running engine filled', () => {
  let env: EngineEnv;
  let engine: EngineProcess;
  let alice: CinderClient;
  let bob: CinderClient;
  let extended: string;
  let other: string;
  let rows: Row[];

  const history = async (...args: string[]) => {
    const result = await cli(['history', extended, '--json', ...args], env);
    expect(result).toMatchObject({ code: 0 });
    return JSON.parse(result.stdout) as Row[];
  };
  const exported = async (...args: string[]) => {
    const result = await cli(['export', ...args], env);
    expect(result.code).toBe(0);
    return result.stdout.split('\n').filter(Boolean).map((line) => JSON.parse(line) as Record<string, any>);
  };

  beforeAll(async () => {
    env = await engineEnv({ STORAGE_BACKEND: 'faulty-file', BACKEND_DELAYS: 'extend.before=300' });
    const started = await startHttpEngine('all-in-one', env);
    engine = started.engine;
    alice = new CinderClient(started.base, 'project-a', { 'X-Auth-Token': 'alice:project-a' });
    bob = new CinderClient(started.base, 'project-b', { 'X-Auth-Token': 'bob:project-b' });

    extended = (await alice.createVolume(1)).id;
    await alice.waitForStatus(extended, 'available');
    for (const size of [2, 3]) {
      expect((await alice.action(extended, { 'os-extend': { new_size: size } })).status).toBe(202);
      await alice.waitForStatus(extended, 'available');
    }
    other = (await bob.createVolume(1)).id;
    await bob.waitForStatus(other, 'available');
    rows = await history();
  });

  afterAll(async () => {
    await engine?.kill();
  });

  describe('history', () => {
    it('shows every event with time, type, actor, request id and the status before and after', () => {
      expect(rows.map((r) => [r.revision, r.type, r.actor, r.service, r.status_before, r.status_after])).toEqual([
        [0, 'VolumeCreateRequested', 'alice@project-a', false, null, 'creating'],
        [1, 'VolumeCreated', 'cinder-engine@service', true, 'creating', 'available'],
        [2, 'VolumeExtendRequested', 'alice@project-a', false, 'available', 'extending'],
        [3, 'VolumeExtended', 'cinder-engine@service', true, 'extending', 'available'],
        [4, 'VolumeExtendRequested', 'alice@project-a', false, 'available', 'extending'],
        [5, 'VolumeExtended', 'cinder-engine@service', true, 'extending', 'available'],
      ]);
      expect(rows.every((r) => /^req-[0-9a-f-]{36}$/.test(r.request_id) && !Number.isNaN(Date.parse(r.time)))).toBe(true);
    });

    it('prints a table by default', async () => {
      const { code, stdout } = await cli(['history', extended], env);
      expect(code).toBe(0);
      expect(stdout.split('\n')[0]).toMatch(/^REV\s+TIME\s+EVENT\s+ACTOR\s+REQUEST ID\s+STATUS$/);
      expect(stdout).toContain('cinder-engine@service (service)');
    });

    it('filters by event type, repeatable', async () => {
      expect((await history('--type', 'VolumeExtendRequested')).map((r) => r.revision)).toEqual([2, 4]);
      expect((await history('--type', 'VolumeCreated', '--type', 'VolumeExtended')).map((r) => r.revision)).toEqual([1, 3, 5]);
    });

    it('filters by actor, as user, user@project or @project', async () => {
      expect((await history('--actor', 'alice')).map((r) => r.revision)).toEqual([0, 2, 4]);
      expect((await history('--actor', 'cinder-engine@service')).map((r) => r.revision)).toEqual([1, 3, 5]);
      expect((await history('--actor', '@project-a')).map((r) => r.revision)).toEqual([0, 2, 4]);
      expect(await history('--actor', 'alice@project-b')).toEqual([]);
    });

    it('filters by a time range, inclusive at both ends', async () => {
      expect((await history('--since', rows[2].time)).map((r) => r.revision)).toEqual([2, 3, 4, 5]);
      expect((await history('--until', rows[1].time)).map((r) => r.revision)).toEqual([0, 1]);
      expect((await history('--since', rows[2].time, '--until', rows[3].time)).map((r) => r.revision)).toEqual([2, 3]);
    });
  });

  describe('state', () => {
    it('shows the volume as it was at a revision, as Cinder represents it', async () => {
      const { code, stdout } = await cli(['state', extended, '--at', '3', '--json'], env);
      expect(code).toBe(0);
      const { volume } = JSON.parse(stdout);
      expect(volume).toMatchObject({ id: extended, status: 'available', size: 2, 'os-vol-tenant-attr:tenant_id': 'project-a', consumes_quota: true });
      expect(volume.links[0].href).toMatch(new RegExp(`/v3/project-a/volumes/${extended}$`));
    });

    it('shows the volume as it was at a time', async () => {
      const during = new Date((Date.parse(rows[4].time) + Date.parse(rows[5].time)) / 2).toISOString();
      const { volume } = JSON.parse((await cli(['state', extended, '--at', during, '--json'], env)).stdout);
      expect(volume).toMatchObject({ status: 'extending', size: 2 });
    });

    it('prints a short table by default, and the volume as it is now without --at', async () => {
      const { code, stdout } = await cli(['state', extended], env);
      expect(code).toBe(0);
      expect(stdout).toMatch(/status\s+available/);
      expect(stdout).toMatch(/size\s+3 GiB/);
      expect(stdout).toMatch(/revision\s+5/);
    });
  });

  describe('export', () => {
    it('writes every volume event as one JSON line, oldest first', async () => {
      const lines = await exported();
      const otherRows = JSON.parse((await cli(['history', other, '--json'], env)).stdout) as Row[];
      expect(lines).toHaveLength(rows.length + otherRows.length);
      expect(lines.filter((l) => l.volume_id === extended).map((l) => [l.revision, l.type])).toEqual(rows.map((r) => [r.revision, r.type]));
      const positions = lines.map((l) => BigInt(l.position));
      expect(positions.every((p, i) => i === 0 || p > positions[i - 1])).toBe(true);
      expect(Object.keys(lines[0])).toEqual(['stream', 'volume_id', 'revision', 'position', 'id', 'type', 'recorded_at', 'data', 'metadata']);
      expect(lines[0].metadata).toMatchObject({ schema_version: 1, actor: { user_id: 'alice' } });
    });

    it('selects a volume, a project, or a time range', async () => {
      expect((await exported('--volume', other)).map((l) => l.volume_id)).toEqual([other, other]);
      expect(new Set((await exported('--project', 'project-a')).map((l) => l.volume_id))).toEqual(new Set([extended]));
      const since = await exported('--since', rows[4].time, '--volume', extended);
      expect(since.map((l) => l.revision)).toEqual([4, 5]);
    });

    it('writes to a file with --output and reports its rate on stderr', async () => {
      const file = join(await mkdtemp(join(tmpdir(), 'export-')), 'audit.jsonl');
      const { code, stdout, stderr } = await cli(['export', '--output', file, '--progress'], env);
      expect(code).toBe(0);
      expect(stdout).toBe('');
      expect((await readFile(file, 'utf8')).trim().split('\n')).toHaveLength(rows.length + 2);
      expect(stderr).toMatch(/Exported 8 events \(of \d+ read\) in [\d.]+ s, [\d,]+ events\/s/);
      expect(stderr).toMatch(/export \[#+\] 100% .* ev\/s/);
    });
  });

  describe('exit codes and help', () => {
    it.each(COMMANDS)('explains %s with --help (exit 0)', async (command) => {
      const { code, stdout } = await cli([command, '--help'], env);
      expect(code).toBe(0);
      expect(stdout).toContain(`Usage: cinder-engine ${command}`);
      expect(stdout).toContain('Exit codes:');
    });

    it('exits 2 for bad usage, with the usage on stderr', async () => {
      expect(await cli([], env)).toMatchObject({ code: 2 });
      expect(await cli(['undo'], env)).toMatchObject({ code: 2, stderr: expect.stringContaining('Unknown command "undo"') });
      expect(await cli(['history', extended, '--verbose'], env)).toMatchObject({ code: 2, stderr: expect.stringContaining('Usage: cinder-engine history') });
      expect(await cli(['state', extended, '--at', 'noon'], env)).toMatchObject({ code: 2 });
      expect(await cli(['stuck', '--older-than', 'a while'], env)).toMatchObject({ code: 2 });
    });

    it('exits 3 for a volume the log does not know', async () => {
      const unknown = '00000000-0000-4000-8000-000000000000';
      for (const args of [['history', unknown], ['state', unknown], ['export', '--volume', unknown], ['rebuild', unknown]]) {
        expect(await cli(args, env)).toMatchObject({ code: 3, stderr: expect.stringContaining(`Volume ${unknown} has no events`) });
      }
      expect(await cli(['state', extended, '--at', '99'], env)).toMatchObject({ code: 3 });
    });

    it('exits 1 with a message, not a stack trace, for a bad setting', async () => {
      const { code, stderr } = await cli(['history', extended], { ...env, EVENT_STORE: 'postgres' });
      expect(code).toBe(1);
      expect(stderr).toMatch(/^Invalid configuration: EVENT_STORE must be one of sqlite, eventstoredb, memory/);
      expect(stderr).not.toContain('    at ');
    });
  });
});
