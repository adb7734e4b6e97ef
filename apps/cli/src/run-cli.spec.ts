import { MemoryEventStore } from '@app/event-store';
import { availableVolume, extendCycles } from '../../../libs/audit/src/testing/stored-volume-events';
import { COMMANDS } from './cli-commands';
import { CliResources } from './cli-resources';
import { ExitCode } from './exit-code';
import { runCli } from './run-cli';

/** The commands against an in-memory log instead of the configured one. */
class MemoryResources extends CliResources {
  constructor(private readonly memory: MemoryEventStore) {
    super();
  }
  override store() {
    return this.memory;
  }
  override async close() {}
}

async function run(argv: string[], store = new MemoryEventStore()) {
  let out = '';
  let err = '';
  const io = {
    out: { write: (chunk: string) => ((out += chunk), true) } as unknown as NodeJS.WritableStream,
    err: { write: (chunk: string) => ((err += chunk), true) } as unknown as NodeJS.WritableStream,
  };
  const code = await runCli(argv, io, new AbortController().signal, new MemoryResources(store));
  return { code, out, err };
}

describe('the cinder-engine command line', () => {
  let store: MemoryEventStore;

  beforeAll(async () => {
    store = new MemoryEventStore();
    await store.append('volume-v1', [...availableVolume('v1'), ...extendCycles('v1', 2)], 'no_stream');
  });

  it('lists the commands and exits 2 without one', async () => {
    const { code, out } = await run([]);
    expect(code).toBe(ExitCode.Usage);
    for (const command of COMMANDS) expect(out).toContain(`  ${command.name}`);
  });

  it('refuses an unknown command with the usage', async () => {
    expect(await run(['frobnicate'])).toMatchObject({ code: ExitCode.Usage, err: expect.stringContaining('Unknown command "frobnicate"') });
  });

  it.each(COMMANDS.map((c) => c.name))('explains %s with --help, and with help <command>', async (name) => {
    const help = await run([name, '--help']);
    expect(help).toMatchObject({ code: ExitCode.Ok, out: expect.stringContaining(`Usage: cinder-engine ${name}`) });
    expect((await run(['help', name])).out).toBe(help.out);
  });

  it('refuses an unknown option, a missing value and a missing argument as usage errors', async () => {
    expect(await run(['history', 'v1', '--colour'])).toMatchObject({ code: ExitCode.Usage, err: expect.stringContaining("Unknown option '--colour'") });
    expect((await run(['history', 'v1', '--since'])).code).toBe(ExitCode.Usage);
    expect(await run(['history'])).toMatchObject({ code: ExitCode.Usage, err: expect.stringContaining('VOLUME_ID is required') });
    expect(await run(['history', 'v1', '--since', 'last week'])).toMatchObject({ code: ExitCode.Usage, err: expect.stringContaining('--since must be an ISO 8601 time') });
    expect((await run(['stuck', '--older-than', 'ages'])).code).toBe(ExitCode.Usage);
    expect((await run(['export', '--volume', 'v1', '--project', 'p1'])).code).toBe(ExitCode.Usage);
  });

  it('exits 3 for a volume the log does not know', async () => {
    expect(await run(['history', 'nope'], store)).toMatchObject({ code: ExitCode.NotFound, err: 'Volume nope has no events in the event store.\n' });
    expect((await run(['state', 'nope'], store)).code).toBe(ExitCode.NotFound);
    expect((await run(['export', '--volume', 'nope'], store)).code).toBe(ExitCode.NotFound);
  });

  it('prints history as a table or JSON, filtered', async () => {
    const table = await run(['history', 'v1'], store);
    expect(table.out.split('\n')[0]).toMatch(/^REV\s+TIME\s+EVENT\s+ACTOR\s+REQUEST ID\s+STATUS$/);
    expect(table.out).toContain('available -> extending');
    const rows = JSON.parse((await run(['history', 'v1', '--json', '--type', 'VolumeExtended', '--actor', 'cinder-engine'], store)).out);
    expect(rows.map((r: { revision: number }) => r.revision)).toEqual([3, 5]);
  });

  it('travels in time by revision or by time', async () => {
    const atRevision = await run(['state', 'v1', '--at', '3', '--json'], store);
    expect(JSON.parse(atRevision.out).volume).toMatchObject({ id: 'v1', status: 'available', size: 2 });
    const atTime = await run(['state', 'v1', '--at', '2026-11-27T11:03:15Z', '--json'], store);
    expect(JSON.parse(atTime.out).volume).toMatchObject({ status: 'extending', size: 2 });
    expect(await run(['state', 'v1', '--at', '9'], store)).toMatchObject({ code: ExitCode.NotFound, err: 'Volume v1 has no revision 9; its last is 5.\n' });
    expect((await run(['state', 'v1', '--at', '2026-01-01'], store)).code).toBe(ExitCode.NotFound);
    expect((await run(['state', 'v1', '--at', '-1'], store)).code).toBe(ExitCode.Usage);
  });
});
