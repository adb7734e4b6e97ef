import {
  context,
  propagation,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type Attributes,
  type Context,
  type Span,
} from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';

export { SpanKind };

/** W3C trace context as carried in event metadata and job data. */
export interface TraceCarrier {
  traceparent?: string;
  tracestate?: string;
}

let provider: NodeTracerProvider | null = null;

/**
 * Turns tracing on: spans are batched and exported over OTLP/HTTP to `${endpoint}/v1/traces`.
 * Without an endpoint nothing is registered and every span below is a no-op (tracing is off).
 */
export function startTracing(options: { endpoint: string | null; serviceName: string }) {
  if (!options.endpoint || provider) return;
  provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ 'service.name': options.serviceName }),
    spanProcessors: [
      new BatchSpanProcessor(new OTLPTraceExporter({ url: `${options.endpoint}/v1/traces` }), { scheduledDelayMillis: 1000 }),
    ],
  });
  // The AsyncLocalStorage context manager and the W3C trace-context propagator.
  provider.register();
}

/** Exports what is still buffered; the last step of a shutdown. */
export async function stopTracing() {
  const stopping = provider;
  provider = null;
  await stopping?.shutdown().catch(() => undefined);
}

export const tracingEnabled = () => provider !== null;

const tracer = () => trace.getTracer('cinder-volume-engine');

/** The active span's trace context, to store with an event or a job; empty while tracing is off. */
export function currentTraceCarrier(): TraceCarrier {
  const carrier: TraceCarrier = {};
  propagation.inject(context.active(), carrier);
  return carrier;
}

/** The context a carrier (event metadata, job data, request headers) continues. */
export function contextOf(carrier: object | undefined | null): Context {
  return propagation.extract(ROOT_CONTEXT, carrier ?? {});
}

/**
 * Runs `fn` in a new active span, a child of `parent` (default: the active context); the span
 * records a thrown error and ends when `fn` settles.
 */
export function inSpan<T>(
  name: string,
  options: { kind?: SpanKind; attributes?: Attributes; parent?: Context },
  fn: (span: Span) => Promise<T>,
): Promise<T> {
  return tracer().startActiveSpan(
    name,
    { kind: options.kind ?? SpanKind.INTERNAL, attributes: options.attributes },
    options.parent ?? context.active(),
    async (span) => {
      try {
        return await fn(span);
      } catch (error) {
        span.recordException(error as Error);
        span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error)?.message });
        throw error;
      } finally {
        span.end();
      }
    },
  );
}

/** Starts a span that the caller ends (an HTTP request, whose end is in another hook). */
export function startSpan(name: string, options: { kind?: SpanKind; attributes?: Attributes; parent?: Context }): Span {
  return tracer().startSpan(name, { kind: options.kind ?? SpanKind.INTERNAL, attributes: options.attributes }, options.parent);
}

/** Runs `fn` with `span` active. */
export function withSpan<T>(span: Span, fn: () => T): T {
  return context.with(trace.setSpan(context.active(), span), fn);
}
