import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EngineProcess, engineEnv } from './support/engine-process';

async function exitOf(engine: EngineProcess) {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    new Promise<number | null>((done) => engine.child.once('exit', done)),
    new Promise<never>((_, fail) => {
      timer = setTimeout(() => fail(new Error(`still running:\n${engine.logs}`)), 15000);
    }),
  ]).finally(() => {
    clearTimeout(timer);
    return engine.kill('SIGKILL');
  });
}

describe('start-up with invalid configuration', () => {
  it.each([
    ['all-in-one', 'PORT', 'eighty', 'Invalid configuration: PORT must be a whole number from 0 to 65535, got "eighty"'],
    ['api', 'EVENT_STORE', 'postgres', 'Invalid configuration: EVENT_STORE must be one of sqlite, eventstoredb, memory, got "postgres"'],
    ['worker', 'REDIS_URL', 'http://127.0.0.1', 'Invalid configuration: REDIS_URL must use redis:// or rediss://'],
    ['worker', 'EVENT_STORE', 'eventstoredb', 'Invalid configuration: EVENTSTORE_CONNECTION_STRING must be set when EVENT_STORE=eventstoredb'],
  ] as const)('%s stops with %s=%s named, exit code 1', async (kind, setting, value, message) => {
    const engine = EngineProcess.start(kind, { ...(await engineEnv()), [setting]: value });
    expect(await exitOf(engine)).toBe(1);
    expect(engine.logs).toContain(message);
    expect(engine.logs).not.toMatch(/\n\s+at /);
  });

  it('stops on a policy file it cannot understand, naming the file and the rule', async () => {
    const file = join(await mkdtemp(join(tmpdir(), 'policy-')), 'policy.yaml');
    await writeFile(file, 'volume:extend: "role:member and"\n');
    const engine = EngineProcess.start('api', { ...(await engineEnv()), POLICY_FILE: file });
    expect(await exitOf(engine)).toBe(1);
    expect(engine.logs).toContain(`Invalid policy file (POLICY_FILE): ${file}: Rule "volume:extend": Check string "role:member and" ends too early`);
  });
});
