import { Writable } from 'node:stream';
import { loadConfig } from '@app/config';
import { annotateLogContext, runWithLogContext } from './log-context';
import { createEngineLogger, REDACTED, scrub, secretsOf } from './logger';

function capture() {
  const lines: Array<Record<string, unknown>> = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  return { lines, destination };
}

describe('the engine logger', () => {
  it('writes JSON lines carrying the request, correlation, volume and job ids of the work in progress', () => {
    const { lines, destination } = capture();
    const logger = createEngineLogger({ level: 'info', service: 'cinder-test', secrets: [], destination });
    runWithLogContext({ request_id: 'req-1', correlation_id: 'corr-1' }, () => {
      logger.info('before the volume is known');
      annotateLogContext({ volume_id: 'vol-1' });
      logger.warn({ context: 'Executor' }, 'after');
    });
    logger.info('outside any request');
    expect(lines.map(({ time, pid, ...rest }) => rest)).toEqual([
      { level: 'info', service: 'cinder-test', request_id: 'req-1', correlation_id: 'corr-1', msg: 'before the volume is known' },
      { level: 'warn', service: 'cinder-test', request_id: 'req-1', correlation_id: 'corr-1', volume_id: 'vol-1', context: 'Executor', msg: 'after' },
      { level: 'info', service: 'cinder-test', msg: 'outside any request' },
    ]);
  });

  it('honours LOG_LEVEL', () => {
    const { lines, destination } = capture();
    const logger = createEngineLogger({ level: 'warn', service: 's', secrets: [], destination });
    logger.info('quiet');
    logger.error('loud');
    expect(lines.map((line) => line.msg)).toEqual(['loud']);
  });

  it('never prints a credential: configured secrets, URL passwords, token headers, secret fields', () => {
    const config = loadConfig({
      REDIS_URL: 'redis://:r3dis-pass@10.0.0.5:6379/0',
      COMPUTE: 'nova',
      NOVA_URL: 'http://nova:8774/v2.1',
      NOVA_AUTH_TOKEN: 'n0va-t0ken-value',
      IMAGE_SERVICE: 'glance',
      GLANCE_URL: 'http://glance:9292',
      GLANCE_AUTH_TOKEN: 'gl4nce-t0ken-value',
    });
    const { lines, destination } = capture();
    const logger = createEngineLogger({ level: 'info', service: 's', secrets: secretsOf(config), destination });
    logger.info({ settings: config }, 'Settings in force');
    logger.warn('Nova answered 401 to a call with n0va-t0ken-value');
    logger.error(new Error('connect to redis://user:r3dis-pass@10.0.0.5:6379 failed'), 'Redis');
    logger.info({ headers: { 'X-Auth-Token': 'user-t0ken', accept: 'application/json' } }, 'X-Auth-Token: user-t0ken');
    const text = JSON.stringify(lines);
    for (const secret of ['r3dis-pass', 'n0va-t0ken-value', 'gl4nce-t0ken-value', 'user-t0ken']) expect(text).not.toContain(secret);
    expect(lines[0]).toMatchObject({ settings: { compute: { token: REDACTED }, redisUrl: `redis://:${REDACTED}@10.0.0.5:6379/0` } });
    expect(lines[3]).toMatchObject({ headers: { 'X-Auth-Token': REDACTED, accept: 'application/json' } });
  });

  it('scrubs URL passwords and token headers from any text', () => {
    expect(scrub('esdb://admin:changeit@esdb:2113?tls=false', [])).toBe(`esdb://admin:${REDACTED}@esdb:2113?tls=false`);
    expect(scrub('{"x-auth-token":"abc"}', [])).toBe(`{"x-auth-token":"${REDACTED}"}`);
  });
});
