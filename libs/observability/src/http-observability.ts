import type { Span } from '@opentelemetry/api';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { enterLogContext, type LogContext } from './log-context';
import { engineMetrics } from './metrics';
import { contextOf, SpanKind, startSpan, withSpan } from './tracing';

export interface HttpObservabilityOptions {
  logger: Logger;
  /** The volume action a request names (`os-extend`), or null; a label of the HTTP metrics. */
  actionOf?: (request: FastifyRequest) => string | null;
  /** Paths logged at debug rather than info (probes and scrapes). */
  quietPaths?: readonly string[];
}

interface Observed {
  context: LogContext;
  span: Span;
  started: number;
}

const observed = new WeakMap<FastifyRequest, Observed>();

const header = (request: FastifyRequest, name: string) => {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
};

/**
 * Every request gets a log context (request id, correlation id, volume id), a server span that
 * continues a caller's `traceparent`, a line when it is answered, and its count and latency by
 * route, action and status. The context is entered again before the handler runs: Fastify reads
 * the body outside of it.
 */
export function installHttpObservability(app: FastifyInstance, options: HttpObservabilityOptions) {
  const quiet = new Set(options.quietPaths ?? []);

  app.addHook('onRequest', (request, _reply, done) => {
    const context: LogContext = {
      request_id: request.id,
      correlation_id: header(request, 'x-correlation-id') ?? header(request, 'x-openstack-request-id') ?? request.id,
    };
    const span = startSpan(`HTTP ${request.method}`, {
      kind: SpanKind.SERVER,
      parent: contextOf(request.headers),
      attributes: { 'http.request.method': request.method, 'url.path': request.url.split('?')[0], 'cinder.request_id': request.id },
    });
    observed.set(request, { context, span, started: performance.now() });
    withSpan(span, () => enterLogContext(context, done));
  });

  app.addHook('preHandler', (request, _reply, done) => {
    const entry = observed.get(request);
    if (!entry) return done();
    const params = request.params as Record<string, string | undefined> | undefined;
    if (params?.volume_id && entry.context.volume_id === undefined) entry.context.volume_id = params.volume_id;
    withSpan(entry.span, () => enterLogContext(entry.context, done));
  });

  app.addHook('onResponse', (request, reply, done) => {
    const entry = observed.get(request);
    if (!entry) return done();
    const seconds = (performance.now() - entry.started) / 1000;
    const route = request.routeOptions?.url ?? 'unmatched';
    const action = safeAction(options.actionOf, request) ?? '';
    const labels = { method: request.method, route, action, status: String(reply.statusCode) };
    engineMetrics.httpRequests.inc(labels);
    engineMetrics.httpDuration.observe(labels, seconds);
    entry.span.updateName(`HTTP ${request.method} ${route}`);
    entry.span.setAttributes({ 'http.route': route, 'http.response.status_code': reply.statusCode, ...(action ? { 'cinder.action': action } : {}) });
    entry.span.end();
    const path = request.url.split('?')[0];
    enterLogContext(entry.context, () => {
      const line = { method: request.method, path, route, action: action || undefined, status: reply.statusCode, duration_ms: Math.round(seconds * 1000) };
      if (quiet.has(path)) options.logger.debug(line, 'request completed');
      else options.logger.info(line, 'request completed');
    });
    done();
  });
}

function safeAction(actionOf: HttpObservabilityOptions['actionOf'], request: FastifyRequest): string | null {
  try {
    return actionOf?.(request) ?? null;
  } catch {
    return null;
  }
}
