import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** Fills a gauge when Prometheus scrapes; a source that fails leaves the gauge without samples. */
export type GaugeSource = () => Promise<Array<{ labels: Record<string, string>; value: number }>>;

const SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const JOB_SECONDS = [0.05, 0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600];

/**
 * The engine's Prometheus metrics, one registry per process. The command cycle, the workers and
 * the HTTP layer record into it; gauges of state held elsewhere (queue depth, projection lag,
 * stranded volumes) are read from their sources when scraped.
 */
export class EngineMetrics {
  readonly registry = new Registry();
  private readonly sources = new Map<string, GaugeSource[]>();

  readonly httpRequests = new Counter({
    name: 'cinder_http_requests_total',
    help: 'HTTP requests answered, by method, route pattern, volume action and status code.',
    labelNames: ['method', 'route', 'action', 'status'] as const,
    registers: [this.registry],
  });

  readonly httpDuration = new Histogram({
    name: 'cinder_http_request_duration_seconds',
    help: 'Time from receiving an HTTP request to sending its answer.',
    labelNames: ['method', 'route', 'action', 'status'] as const,
    buckets: SECONDS,
    registers: [this.registry],
  });

  readonly commands = new Counter({
    name: 'cinder_commands_total',
    help: 'Volume commands by type and outcome: recorded (events appended), unchanged (nothing to record), refused (the decider said no), conflict (gave up after concurrent changes), error.',
    labelNames: ['command', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly commandDuration = new Histogram({
    name: 'cinder_command_duration_seconds',
    help: 'Time of the command cycle (read, fold, decide, append, retries).',
    labelNames: ['command', 'outcome'] as const,
    buckets: SECONDS,
    registers: [this.registry],
  });

  readonly conflicts = new Counter({
    name: 'cinder_command_conflicts_total',
    help: 'Appends refused because the volume stream moved on since it was read (optimistic concurrency).',
    labelNames: ['command'] as const,
    registers: [this.registry],
  });

  readonly retries = new Counter({
    name: 'cinder_command_retries_total',
    help: 'Command cycles run again after a concurrency conflict.',
    labelNames: ['command'] as const,
    registers: [this.registry],
  });

  readonly jobs = new Counter({
    name: 'cinder_jobs_total',
    help: 'Backend job runs by job type and outcome: succeeded, failed (a failure was recorded), skipped (no longer pending), retried (thrown, BullMQ retries), handed_back (shutdown).',
    labelNames: ['job', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly jobDuration = new Histogram({
    name: 'cinder_job_duration_seconds',
    help: 'Time one run of a backend job took, by job type and outcome.',
    labelNames: ['job', 'outcome'] as const,
    buckets: JOB_SECONDS,
    registers: [this.registry],
  });

  readonly queueJobs = this.sourcedGauge('cinder_queue_jobs', 'Jobs in a BullMQ queue by state (waiting, active, delayed, prioritized, failed, completed).', ['queue', 'state']);

  readonly projectionLagEvents = this.sourcedGauge(
    'cinder_projection_lag_events',
    'Volume events recorded but not yet in the read model (counted up to 10000).',
    ['projection'],
  );

  readonly projectionLagSeconds = this.sourcedGauge(
    'cinder_projection_lag_seconds',
    'Age of the oldest volume event not yet in the read model (0 when caught up).',
    ['projection'],
  );

  readonly eventStoreAppends = this.sourcedGauge(
    'cinder_event_store_appends',
    'Appends this process has committed to the event store since it started, by store (sqlite only).',
    ['store'],
  );

  readonly eventStoreCommits = this.sourcedGauge(
    'cinder_event_store_commits',
    'Transactions (one fsync each) those appends took: the appends made in one turn of the event loop share one.',
    ['store'],
  );

  readonly strandedVolumes = new Gauge({
    name: 'cinder_stranded_volumes',
    help: 'Volumes in a transitional status for longer than STUCK_AFTER_MS, by what they wait for (job or external party), as the watchdog last saw them.',
    labelNames: ['waiting_for'] as const,
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }

  /** Registers where a sourced gauge's samples come from (several sources add up their samples). */
  addSource(gauge: Gauge<string>, source: GaugeSource) {
    const name = (gauge as unknown as { name: string }).name;
    this.sources.set(name, [...(this.sources.get(name) ?? []), source]);
  }

  /** Reports how the event store groups appends into commits, for a store that counts them. */
  reportAppendStats(store: object) {
    const counting = store as Partial<{ appendStats(): { appends: number; commits: number } }>;
    if (typeof counting.appendStats !== 'function') return;
    const stats = () => counting.appendStats!();
    this.addSource(this.eventStoreAppends, async () => [{ labels: { store: 'sqlite' }, value: stats().appends }]);
    this.addSource(this.eventStoreCommits, async () => [{ labels: { store: 'sqlite' }, value: stats().commits }]);
  }

  /** The watchdog's latest count, one sample per kind of wait (zero included). */
  setStrandedVolumes(stranded: ReadonlyArray<{ waiting_for: string }>) {
    for (const waitingFor of ['job', 'external']) {
      this.strandedVolumes.set({ waiting_for: waitingFor }, stranded.filter((volume) => volume.waiting_for === waitingFor).length);
    }
  }

  private sourcedGauge<L extends string>(name: string, help: string, labelNames: L[]): Gauge<L> {
    const sources = this.sources;
    return new Gauge<L>({
      name,
      help,
      labelNames,
      registers: [this.registry],
      async collect() {
        this.reset();
        for (const source of sources.get(name) ?? []) {
          const samples = await source().catch(() => []);
          for (const { labels, value } of samples) this.set(labels as Partial<Record<L, string>>, value);
        }
      },
    });
  }
}

/** The process's metrics (Prometheus scrapes one process at a time). */
export const engineMetrics = new EngineMetrics();
