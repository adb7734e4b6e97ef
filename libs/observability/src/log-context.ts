import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * What ties a log line to the work it belongs to: the request (or the request that caused a job),
 * the workflow's correlation id, the volume, the job. Every line logged inside a request or a job
 * carries these fields, whichever logger wrote it.
 */
export interface LogContext {
  request_id?: string;
  correlation_id?: string;
  volume_id?: string;
  job_id?: string;
  job_name?: string;
}

const storage = new AsyncLocalStorage<LogContext>();

/** Runs `fn` with `context` (a fresh object: annotations inside stay inside). */
export function runWithLogContext<T>(context: LogContext, fn: () => T): T {
  return storage.run({ ...context }, fn);
}

/** Re-enters a context held elsewhere (a request's, after Fastify read its body outside it). */
export function enterLogContext<T>(context: LogContext, fn: () => T): T {
  return storage.run(context, fn);
}

export function currentLogContext(): LogContext | undefined {
  return storage.getStore();
}

/** Adds what was learnt on the way (the volume a create made) to the current request's or job's lines. */
export function annotateLogContext(fields: LogContext) {
  const context = storage.getStore();
  if (!context) return;
  for (const [key, value] of Object.entries(fields) as Array<[keyof LogContext, string | undefined]>) {
    if (value !== undefined && context[key] === undefined) context[key] = value;
  }
}
