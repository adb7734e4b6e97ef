import { performance } from 'node:perf_hooks';
import { runWithLogContext } from './log-context';
import { engineMetrics } from './metrics';
import { contextOf, currentTraceCarrier, inSpan, SpanKind, type TraceCarrier } from './tracing';

/** Where a backend job came from: the request that caused its `...Requested` event, and its trace. */
export interface JobOrigin extends TraceCarrier {
  request_id?: string;
  correlation_id?: string;
}

/** The origin to store with a job enqueued for `metadata`'s event, inside the active (enqueue) span. */
export function jobOriginOf(metadata: Record<string, unknown>): JobOrigin {
  const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
  return { request_id: text(metadata.request_id), correlation_id: text(metadata.correlation_id), ...currentTraceCarrier() };
}

/** Continues an event's trace (its `traceparent` metadata) in a producer span, e.g. the reactor enqueueing a job. */
export function inEventSpan<T>(name: string, metadata: Record<string, unknown>, fn: () => Promise<T>): Promise<T> {
  return inSpan(name, { kind: SpanKind.PRODUCER, parent: contextOf(metadata) }, () => fn());
}

interface ObservedJob {
  id: string;
  name: string;
  data: { volume_id: string; origin?: JobOrigin };
}

/** What a run's result says about it: the processor returns what it recorded, or why it did nothing. */
export function jobOutcome(result: string | null): string {
  if (result === null) return 'retried';
  if (result.startsWith('skipped')) return 'skipped';
  if (/Failed\b/.test(result)) return 'failed';
  return 'succeeded';
}

/**
 * Runs one backend job with its job id, volume id and origin request id on every log line, in a
 * consumer span that continues the trace of the request that caused it, and counts it by type,
 * outcome and duration.
 */
export function observeJob(job: ObservedJob, run: () => Promise<string>): Promise<string> {
  const origin = job.data.origin ?? {};
  const started = performance.now();
  return runWithLogContext(
    {
      request_id: origin.request_id,
      correlation_id: origin.correlation_id,
      volume_id: job.data.volume_id,
      job_id: job.id,
      job_name: job.name,
    },
    () =>
      inSpan(
        `job ${job.name}`,
        { kind: SpanKind.CONSUMER, parent: contextOf(origin), attributes: { 'cinder.job_id': job.id, 'cinder.volume_id': job.data.volume_id } },
        async (span) => {
          let result: string | null = null;
          try {
            result = await run();
            return result;
          } finally {
            const outcome = jobOutcome(result);
            span.setAttribute('cinder.outcome', outcome);
            engineMetrics.jobs.inc({ job: job.name, outcome });
            engineMetrics.jobDuration.observe({ job: job.name, outcome }, (performance.now() - started) / 1000);
          }
        },
      ),
  );
}
