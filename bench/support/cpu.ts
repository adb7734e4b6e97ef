// Where the two cores went during a run: CPU seconds of each engine process, of Redis and of the
// load generator itself, read from /proc (Linux) before and after.
import { readFileSync } from 'node:fs';

const TICKS_PER_SECOND = 100;

export function cpuSeconds(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime are fields 14 and 15 of the whole line, 12 and 13 after "pid (comm) ".
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return null;
  }
}

export class CpuMeter {
  private readonly start = new Map<string, number | null>();
  private startedAt = 0;

  constructor(private readonly pids: Record<string, number>) {}

  begin(): this {
    this.startedAt = performance.now();
    for (const [name, pid] of Object.entries(this.pids)) this.start.set(name, cpuSeconds(pid));
    return this;
  }

  /** Share of one core each process used since begin() (1.0 = one core flat out). */
  end(): Record<string, number> {
    const wall = (performance.now() - this.startedAt) / 1000;
    return Object.fromEntries(Object.entries(this.seconds()).map(([name, used]) => [name, Number((used / wall).toFixed(2))]));
  }

  /** CPU milliseconds each process spent per unit of work (`count` requests, events, ...) since begin(). */
  perUnit(count: number): Record<string, number> {
    return Object.fromEntries(Object.entries(this.seconds()).map(([name, used]) => [name, Number(((used * 1000) / Math.max(count, 1)).toFixed(3))]));
  }

  /** CPU seconds each process used since begin(). */
  seconds(): Record<string, number> {
    const used: Record<string, number> = {};
    for (const [name, pid] of Object.entries(this.pids)) {
      const before = this.start.get(name);
      const after = cpuSeconds(pid);
      if (before != null && after != null) used[name] = Number((after - before).toFixed(2));
    }
    return used;
  }
}
