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
    ['QUOTA_VOLUMES', 'ten', /QUOTA_VOLUMES must be a whole number from 0 to 2147483647, got "ten"/],
    ['PER_VOLUME_GIGABYTES', '0', /PER_VOLUME_GIGABYTES must be a whole number from 1 to 2147483647/],
    ['ENABLE_FORCE_UPLOAD', 'yes', /ENABLE_FORCE_UPLOAD must be one of true, false, got "yes"/],
    ['MAX_REQUEST_BODY_SIZE', '10', /MAX_REQUEST_BODY_SIZE must be a whole number from 1024/],
    ['IMAGE_SERVICE', 'swift', /IMAGE_SERVICE must be one of local, glance, got "swift"/],
    ['STUCK_AFTER_MS', '10', /STUCK_AFTER_MS must be a whole number from 1000/],
    ['WATCHDOG_INTERVAL_MS', 'often', /WATCHDOG_INTERVAL_MS must be a whole number from 100/],
    ['LOG_LEVEL', 'verbose', /LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent, got "verbose"/],
    ['SHUTDOWN_GRACE_MS', '-1', /SHUTDOWN_GRACE_MS must be a whole number from 0 to 3600000/],
    ['READY_MAX_PROJECTION_LAG', '0', /READY_MAX_PROJECTION_LAG must be a whole number from 1/],
    ['OPS_PORT', '70000', /OPS_PORT must be a whole number from 0 to 65535/],
    ['WORKER_ROLES', 'reactor,scheduler', /WORKER_ROLES must list some of reactor, projector, jobs separated by commas, got "reactor,scheduler"/],
    ['OTEL_EXPORTER_OTLP_ENDPOINT', 'collector:4318', /OTEL_EXPORTER_OTLP_ENDPOINT must be an OTLP\/HTTP endpoint/],
    ['QUEUE_DASHBOARD', 'on', /QUEUE_DASHBOARD must be one of true, false, got "on"/],
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

  it('keeps images locally unless told to use Glance, which needs its endpoint and a token', () => {
    expect(loadConfig({}).imageService).toEqual({ kind: 'local' });
    expect(() => loadConfig({ IMAGE_SERVICE: 'glance' })).toThrow(/GLANCE_URL must be Glance's endpoint/);
    expect(() => loadConfig({ IMAGE_SERVICE: 'glance', GLANCE_URL: 'http://glance:9292' })).toThrow(/GLANCE_AUTH_TOKEN must be set/);
    expect(loadConfig({ IMAGE_SERVICE: 'glance', GLANCE_URL: 'http://glance:9292', GLANCE_AUTH_TOKEN: 't0k' }).imageService).toEqual({
      kind: 'glance', url: 'http://glance:9292', token: 't0k',
    });
  });

  it('stages image data under the data folder and watches for stuck volumes every 30 s, after 15 min', () => {
    expect(loadConfig({ DATA_DIR: '/srv/cinder' })).toMatchObject({
      imageConversionDir: '/srv/cinder/conversion',
      stuckAfterMs: 900000,
      watchdogIntervalMs: 30000,
    });
    expect(loadConfig({ IMAGE_CONVERSION_DIR: '/scratch', STUCK_AFTER_MS: '5000', WATCHDOG_INTERVAL_MS: '250' })).toMatchObject({
      imageConversionDir: '/scratch',
      stuckAfterMs: 5000,
      watchdogIntervalMs: 250,
    });
  });

  it('operates quietly by default: info logs, 25 s to finish jobs on SIGTERM, every worker role, tracing off', () => {
    expect(loadConfig({})).toMatchObject({
      logLevel: 'info',
      shutdownGraceMs: 25000,
      readyMaxProjectionLag: 1000,
      opsPort: null,
      workerRoles: ['reactor', 'projector', 'jobs'],
      otlpEndpoint: null,
      otelServiceName: null,
      queueDashboard: true,
    });
    expect(loadConfig({ WORKER_ROLES: 'projector', OPS_PORT: '9464', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/' })).toMatchObject({
      workerRoles: ['projector'],
      opsPort: 9464,
      otlpEndpoint: 'http://collector:4318',
    });
  });

  it('parses fault points of every backend operation', () => {
    expect(loadConfig({ BACKEND_DELAYS: 'snapshot_create.during=10,migrate.after=20' }).backendDelays).toEqual({
      'snapshot_create.during': 10,
      'migrate.after': 20,
    });
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
