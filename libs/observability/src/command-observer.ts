import { performance } from 'node:perf_hooks';
import { annotateLogContext } from './log-context';
import { engineMetrics } from './metrics';
import { inSpan } from './tracing';

const seen = new Set<string>();

/** How a command cycle ended, for the metrics. */
export function commandOutcome(result: { events: unknown[] } | null, error?: unknown): string {
  if (result) return result.events.length > 0 ? 'recorded' : 'unchanged';
  const name = (error as Error | undefined)?.name;
  if (name === 'VolumeError') return 'refused';
  if (name === 'ConcurrencyConflictError') return 'conflict';
  return 'error';
}

/**
 * Runs one command cycle in a span, with the volume on the log lines, and counts it by type and
 * outcome. The events the cycle appends carry the span's trace context (see currentTraceCarrier).
 */
export function observeCommand<T extends { events: unknown[] }>(type: string, volumeId: string, run: () => Promise<T>): Promise<T> {
  annotateLogContext({ volume_id: volumeId });
  if (!seen.has(type)) {
    // Series exist from a command type's first run, at 0, so rate() and alerts see them.
    seen.add(type);
    engineMetrics.conflicts.inc({ command: type }, 0);
    engineMetrics.retries.inc({ command: type }, 0);
  }
  const started = performance.now();
  return inSpan(`command ${type}`, { attributes: { 'cinder.command': type, 'cinder.volume_id': volumeId } }, async (span) => {
    let outcome = 'error';
    try {
      const result = await run();
      outcome = commandOutcome(result);
      return result;
    } catch (error) {
      outcome = commandOutcome(null, error);
      throw error;
    } finally {
      span.setAttribute('cinder.outcome', outcome);
      engineMetrics.commands.inc({ command: type, outcome });
      engineMetrics.commandDuration.observe({ command: type, outcome }, (performance.now() - started) / 1000);
    }
  });
}

/** An append lost the race for the stream; `retrying` when the cycle runs again. */
export function recordConflict(type: string, retrying: boolean) {
  engineMetrics.conflicts.inc({ command: type });
  if (retrying) engineMetrics.retries.inc({ command: type });
}
