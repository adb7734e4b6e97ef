import type { ChangeOrigin } from '@app/read-model';

export interface ThroughputSample {
  /** The second the sample covers (its start, ISO 8601). */
  at: string;
  commands_per_second: number;
  jobs_per_second: number;
  /** Events the projector had still to handle when last read (in that second or the two before); null when not read. */
  projection_lag_events: number | null;
}

/** What counts as one command or one job: the first event each request (or job) recorded. */
export interface CountedChange {
  origin: ChangeOrigin;
  request_id: string | null;
  event_id: string;
  project_id: string;
  recorded_at: string;
}

const LAG_CARRIED_SECONDS = 3;

interface Counts {
  commands: number;
  jobs: number;
}

/**
 * Commands and jobs per second, per project, and the projection lag, over the last minutes: fed
 * by the projector's change notices, kept in one bucket per second. A command that records several
 * events (or a job's completion recorded in several) counts once: it is known by its request id
 * and origin. Pure apart from the times handed in.
 */
export class ThroughputWindow {
  private readonly buckets = new Map<number, Map<string, Counts>>();
  private readonly lags = new Map<number, number>();
  private readonly seen = new Map<string, true>();

  constructor(
    readonly seconds = 600,
    private readonly remembered = 20_000,
  ) {}

  record(change: CountedChange) {
    const key = `${change.origin}:${change.request_id ?? change.event_id}`;
    if (this.seen.has(key)) return;
    this.seen.set(key, true);
    if (this.seen.size > this.remembered) this.seen.delete(this.seen.keys().next().value!);
    const second = Math.floor(Date.parse(change.recorded_at) / 1000);
    let bucket = this.buckets.get(second);
    if (!bucket) this.buckets.set(second, (bucket = new Map()));
    let counts = bucket.get(change.project_id);
    if (!counts) bucket.set(change.project_id, (counts = { commands: 0, jobs: 0 }));
    if (change.origin === 'command') counts.commands++;
    else counts.jobs++;
  }

  recordLag(atMs: number, lagEvents: number) {
    this.lags.set(Math.floor(atMs / 1000), lagEvents);
  }

  /**
   * One sample per whole second before `nowMs`, the last `seconds` of them, oldest first; for one
   * project, or for all (null).
   */
  samples(nowMs: number, seconds: number, projectId: string | null): ThroughputSample[] {
    this.forget(nowMs);
    const last = Math.floor(nowMs / 1000) - 1;
    const count = Math.max(0, Math.min(seconds, this.seconds));
    const samples: ThroughputSample[] = [];
    for (let second = last - count + 1; second <= last; second++) samples.push(this.sample(second, projectId));
    return samples;
  }

  private sample(second: number, projectId: string | null): ThroughputSample {
    let commands = 0;
    let jobs = 0;
    for (const [project, counts] of this.buckets.get(second) ?? []) {
      if (projectId !== null && project !== projectId) continue;
      commands += counts.commands;
      jobs += counts.jobs;
    }
    return { at: new Date(second * 1000).toISOString(), commands_per_second: commands, jobs_per_second: jobs, projection_lag_events: this.lagAt(second) };
  }

  /** The lag read in that second, or the last read shortly before it (timers drift past a second now and then). */
  private lagAt(second: number): number | null {
    for (let earlier = second; earlier > second - LAG_CARRIED_SECONDS; earlier--) {
      const lag = this.lags.get(earlier);
      if (lag !== undefined) return lag;
    }
    return null;
  }

  private forget(nowMs: number) {
    const oldest = Math.floor(nowMs / 1000) - this.seconds;
    for (const second of this.buckets.keys()) if (second < oldest) this.buckets.delete(second);
    for (const second of this.lags.keys()) if (second < oldest) this.lags.delete(second);
  }
}
