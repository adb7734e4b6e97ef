import { trace } from '@opentelemetry/api';
import { pino, stdTimeFunctions, type DestinationStream, type Logger } from 'pino';
import type { EngineConfig, LogLevel } from '@app/config';
import { currentLogContext } from './log-context';

export const REDACTED = '[REDACTED]';

/** Header and field names whose values are credentials, wherever they appear in a logged object. */
const SECRET_KEYS = new Set([
  'x-auth-token',
  'x-subject-token',
  'x-service-token',
  'authorization',
  'proxy-authorization',
  'cookie',
  'set-cookie',
  'password',
  'token',
  'auth_token',
  'nova_auth_token',
  'glance_auth_token',
]);

/** Credentials embedded in text: URL user-info (redis://user:pass@, esdb://...) and token headers. */
const URL_PASSWORD = /\b([a-z][a-z0-9+.-]*:\/\/[^:@/\s]*:)[^@/\s]+@/gi;
const TOKEN_HEADER = /\b(x-auth-token|x-subject-token|x-service-token|authorization)(["']?\s*[:=]\s*["']?)[^"',\s}]+/gi;

export interface EngineLoggerOptions {
  level: LogLevel;
  /** `service` field of every line: cinder-api, cinder-worker, cinder-engine. */
  service: string;
  /** Values never to print (tokens, passwords), replaced wherever they occur. */
  secrets: string[];
  destination?: DestinationStream;
}

/** The settings whose values are secrets: tokens of Nova and Glance, passwords in connection URLs. */
export function secretsOf(config: EngineConfig): string[] {
  const secrets: string[] = [];
  if (config.compute.kind === 'nova') secrets.push(config.compute.token);
  if (config.imageService.kind === 'glance') secrets.push(config.imageService.token);
  for (const url of [config.redisUrl, config.eventStoreConnectionString]) {
    const password = url ? passwordOf(url) : null;
    if (password) secrets.push(password, encodeURIComponent(password));
  }
  return secrets;
}

function passwordOf(url: string): string | null {
  try {
    const password = new URL(url).password;
    return password ? decodeURIComponent(password) : null;
  } catch {
    return null;
  }
}

/** Removes credentials from a text: the given secret values, URL passwords and token headers. */
export function scrub(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) if (out.includes(secret)) out = out.split(secret).join(REDACTED);
  return out.replace(URL_PASSWORD, `$1${REDACTED}@`).replace(TOKEN_HEADER, `$1$2${REDACTED}`);
}

function scrubValue(value: unknown, secrets: readonly string[], depth: number): unknown {
  if (typeof value === 'string') return scrub(value, secrets);
  if (depth > 6 || value === null || typeof value !== 'object') return value;
  if (value instanceof Error) {
    const copy: Record<string, unknown> = { type: value.name, message: scrub(value.message, secrets) };
    if (value.stack) copy.stack = scrub(value.stack, secrets);
    return copy;
  }
  if (Array.isArray(value)) return value.map((item) => scrubValue(item, secrets, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    out[key] = SECRET_KEYS.has(key.toLowerCase()) && item !== undefined && item !== null ? REDACTED : scrubValue(item, secrets, depth + 1);
  }
  return out;
}

/**
 * The process's one pino logger: JSON lines with ISO times, the level's name, and the request,
 * correlation, volume and job ids of the work in progress (see log-context) plus the trace ids.
 * Credentials never reach the output: known secret values, URL passwords and token headers are
 * replaced in messages and in logged objects alike.
 */
export function createEngineLogger(options: EngineLoggerOptions): Logger {
  const secrets = options.secrets.filter((secret) => secret.length >= 4);
  return pino(
    {
      level: options.level,
      base: { service: options.service, pid: process.pid },
      timestamp: stdTimeFunctions.isoTime,
      formatters: {
        level: (label) => ({ level: label }),
        log: (object) => scrubValue(object, secrets, 0) as Record<string, unknown>,
      },
      mixin: () => {
        const fields: Record<string, string> = {};
        for (const [key, value] of Object.entries(currentLogContext() ?? {})) if (value !== undefined) fields[key] = value;
        const span = trace.getActiveSpan()?.spanContext();
        if (span && span.traceFlags & 1) {
          fields.trace_id = span.traceId;
          fields.span_id = span.spanId;
        }
        return fields;
      },
      hooks: {
        logMethod(args, method) {
          const cleaned = args.map((arg) => (typeof arg === 'string' ? scrub(arg, secrets) : arg)) as typeof args;
          return method.apply(this, cleaned);
        },
      },
    },
    options.destination ?? pino.destination({ fd: 1, sync: true }),
  );
}
