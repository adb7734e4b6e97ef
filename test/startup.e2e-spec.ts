import { EngineProcess, engineEnv } from './support/engine-process';

describe('start-up with invalid configuration', () => {
  it.each([
    ['all-in-one', 'PORT', 'eighty', 'Invalid configuration: PORT must be a whole number from 0 to 65535, got "eighty"'],
    ['api', 'EVENT_STORE', 'postgres', 'Invalid configuration: EVENT_STORE must be one of sqlite, eventstoredb, memory, got "postgres"'],
    ['worker', 'REDIS_URL', 'http://127.0.0.1', 'Invalid configuration: REDIS_URL must use redis:// or rediss://'],
    ['worker', 'EVENT_STORE', 'eventstoredb', 'Invalid configuration: EVENTSTORE_CONNECTION_STRING must be set when EVENT_STORE=eventstoredb'],
  ] as const)('%s stops with %s=%s named, exit code 1', async (kind, setting, value, message) => {
    const engine = EngineProcess.start(kind, { ...(await engineEnv()), [setting]: value });
    let timer: NodeJS.Timeout | undefined;
    const code = await Promise.race([
      new Promise<number | null>((done) => engine.child.once('exit', done)),
      new Promise<never>((_, fail) => {
        timer = setTimeout(() => fail(new Error(`still running:\n${engine.logs}`)), 15000);
      }),
    ]).finally(() => {
      clearTimeout(timer);
      return engine.kill('SIGKILL');
    });
    expect(code).toBe(1);
    expect(engine.logs).toContain(message);
    expect(engine.logs).not.toMatch(/\n\s+at /);
  });
});
