import { findHeadPosition } from '@app/audit';
import type { EventStore } from '@app/event-store';
import type { CliInvocation } from './cli-command';
import { formatDuration } from './duration';

export interface ProgressSink {
  write(chunk: string): unknown;
  isTTY?: boolean;
}

/** The part of the log a long command reads, by position: what the fraction done is measured on. */
export interface LogRange {
  from: bigint;
  to: bigint;
}

export interface Progress {
  update(events: number, position: bigint): void;
  finish(): void;
}

const WIDTH = 24;
const NO_PROGRESS: Progress = { update: () => undefined, finish: () => undefined };

/**
 * A progress bar on stderr for work over the log: the share of the log's positions passed (so
 * the ETA needs no count of events the port cannot give), events read, and their rate. On a
 * terminal it redraws one line; elsewhere (`--progress` into a file) it writes a line a second.
 */
export class ProgressBar implements Progress {
  private readonly started: number;
  private lastDrawn = -Infinity;
  private events = 0;
  private position = 0n;

  constructor(
    private readonly sink: ProgressSink,
    private readonly label: string,
    private readonly range: LogRange | null,
    private readonly now: () => number = Date.now,
  ) {
    this.started = now();
  }

  update(events: number, position: bigint): void {
    this.events = events;
    this.position = position;
    const at = this.now();
    if (at - this.lastDrawn < (this.sink.isTTY ? 100 : 1000)) return;
    this.lastDrawn = at;
    this.draw(false);
  }

  finish(): void {
    if (this.range) this.position = this.position > this.range.to ? this.position : this.range.to;
    this.draw(true);
  }

  render(): string {
    const seconds = Math.max((this.now() - this.started) / 1000, 1e-3);
    const rate = `${Math.round(this.events / seconds).toLocaleString('en-US')} ev/s`;
    const counted = `${this.events.toLocaleString('en-US')} events`;
    if (!this.range) return `${this.label} ${counted}  ${rate}`;
    const done = this.fraction();
    const filled = Math.round(done * WIDTH);
    const bar = `[${'#'.repeat(filled)}${'-'.repeat(WIDTH - filled)}]`;
    const eta = done > 0 ? formatDuration((seconds * (1 - done) * 1000) / done) : '?';
    return `${this.label} ${bar} ${Math.floor(done * 100)}%  ${counted}  ${rate}  ETA ${eta}`;
  }

  private fraction(): number {
    const { from, to } = this.range!;
    if (to <= from) return 1;
    const done = Number(this.position - from) / Number(to - from);
    return Math.min(Math.max(done, 0), 1);
  }

  private draw(last: boolean) {
    if (this.sink.isTTY) this.sink.write(`\r${this.render()}\x1b[K${last ? '\n' : ''}`);
    else this.sink.write(`${this.render()}\n`);
  }
}

/**
 * A bar for a command reading the log, shown when stderr is a terminal or `--progress` is given;
 * otherwise nothing (scripts and pipes get clean output).
 */
export async function logProgress(invocation: CliInvocation, store: EventStore, label: string): Promise<Progress> {
  if (!invocation.err.isTTY && invocation.values.progress !== true) return NO_PROGRESS;
  const [first] = await store.readAll({ maxCount: 1 });
  const head = await findHeadPosition(store);
  const range = first && head !== null ? { from: first.position - 1n, to: head } : null;
  return new ProgressBar(invocation.err, label, range);
}
