import { ConfigError, loadConfig } from './engine-config';
import { redisOptions } from './redis-options';

describe('loadConfig', () => {
  it('uses the embedded defaults', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 8776,
      redisUrl: 'redis://127.0.0.1:6379',
      eventStore: 'sqlite',
      backends: [{ pool: 'engine@file#default', capacityGb: 1000 }],
      storageBackend: 'file',
      authStrategy: 'noauth',
      policyFile: null,
      serviceTokenRoles: ['service'],
      maxRequestBodySize: 114688,
    });
    expect(config.dataDir).toMatch(/\/data$/);
  });

  it.each([
    ['PORT', 'eighty', /PORT must be a whole number from 0 to 65535, got "eighty"/],
    ['EVENT_STORE', 'postgres', /EVENT_STORE must be one of sqlite, eventstoredb, memory, got "postgres"/],
    ['REDIS_URL', 'http://x', /REDIS_URL must use redis:\/\/ or rediss:\/\//],
    ['REDIS_URL', 'redis://127.0.0.1:6379/x', /REDIS_URL database index must be a number/],
    ['BACKENDS', 'nohash', /BACKENDS must list host@backend#pool\[:capacityGiB\] entries separated by commas, got "nohash"/],
    ['BACKENDS', 'a@b#c:x', /BACKENDS must list/],
    ['BACKEND_DELAYS', 'extend', /BACKEND_DELAYS must be point=milliseconds pairs/],
    ['AUTH_STRATEGY', 'keystone', /AUTH_STRATEGY must be one of noauth, keystone-headers, got "keystone"/],
    ['POLICY_FILE', '/nonexistent/policy.yaml', /POLICY_FILE names a file that does not exist: \/nonexistent\/policy.yaml/],
    ['ENABLE_FORCE_UPLOAD', 'yes', /ENABLE_FORCE_UPLOAD must be one of true, false, got "yes"/],
    ['MAX_REQUEST_BODY_SIZE', '10', /MAX_REQUEST_BODY_SIZE must be a whole number from 1024/],
  ])('stops on a bad %s naming the setting', (name, value, message) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(message);
  });

  it('requires a connection string for EventStoreDB', () => {
    expect(() => loadConfig({ EVENT_STORE: 'eventstoredb' })).toThrow(/EVENTSTORE_CONNECTION_STRING must be set/);
    expect(loadConfig({ EVENT_STORE: 'eventstoredb', EVENTSTORE_CONNECTION_STRING: 'esdb://h:2113?tls=false' }))
      .toMatchObject({ eventStore: 'eventstoredb' });
  });

  it('needs Nova\'s endpoint and a token for COMPUTE=nova, and never shows the token', () => {
    expect(loadConfig({}).compute).toEqual({ kind: 'none' });
    expect(() => loadConfig({ COMPUTE: 'nova' })).toThrow(/NOVA_URL must be Nova's compute endpoint/);
    expect(() => loadConfig({ COMPUTE: 'nova', NOVA_URL: 'http://nova:8774/v2.1' })).toThrow(/NOVA_AUTH_TOKEN must be set/);
    expect(loadConfig({ COMPUTE: 'nova', NOVA_URL: 'http://nova:8774/v2.1', NOVA_AUTH_TOKEN: 's3cret' }).compute).toEqual({
      kind: 'nova', url: 'http://nova:8774/v2.1', token: 's3cret',
    });
  });

  it('reads the pools and their capacities', () => {
    expect(loadConfig({ BACKENDS: 'n1@file#gold:500, n1@file#silver' }).backends).toEqual([
      { pool: 'n1@file#gold', capacityGb: 500 },
      { pool: 'n1@file#silver', capacityGb: 1000 },
    ]);
  });

  it('parses backend fault points', () => {
    expect(loadConfig({ BACKEND_DELAYS: 'extend.before=3000, create.after=5', BACKEND_FAILURES: 'extend.after' }))
      .toMatchObject({ backendDelays: { 'extend.before': 3000, 'create.after': 5 }, backendFailures: ['extend.after'] });
  });
});

describe('redisOptions', () => {
  it('honours the database index, credentials and port of the URL', () => {
    expect(redisOptions('redis://user:p%40ss@10.0.0.5:6380/9')).toMatchObject({
      host: '10.0.0.5', port: 6380, db: 9, username: 'user', password: 'p@ss',
    });
    expect(redisOptions('redis://127.0.0.1:6379')).toMatchObject({ db: 0 });
  });
});
