import { parseTime } from './time-format';
export interface Point {
  at: number;
  value: number;
}

/** The smallest 1, 2 or 5 × 10^n at or above `value` (at least `floor`): a y axis top people read easily. */
export function niceCeiling(value: number, floor = 1): number {
  const target = Math.max(value, floor);
  const magnitude = 10 ** Math.floor(Math.log10(target));
  for (const step of [1, 2, 5, 10]) if (step * magnitude >= target) return step * magnitude;
  return 10 * magnitude;
}

export interface Frame {
  width: number;
  height: number;
  /** The time range shown (ms since the epoch). */
  from: number;
  to: number;
  /** The value at the top of the frame; the bottom is 0. */
  max: number;
}

/** An SVG path through the points inside the frame's time range, oldest first ('' when none). */
export function linePath(points: Point[], frame: Frame): string {
  const span = frame.to - frame.from;
  const visible = points.filter((p) => p.at >= frame.from && p.at <= frame.to).sort((a, b) => a.at - b.at);
  return visible
    .map((p, i) => {
      const x = span > 0 ? ((p.at - frame.from) / span) * frame.width : frame.width;
      const y = frame.height - (Math.min(Math.max(p.value, 0), frame.max) / frame.max) * frame.height;
      return `${i === 0 ? 'M' : 'L'}${round(x)},${round(y)}`;
    })
    .join(' ');
}

/** The same line closed down to the baseline, for a filled area under it. */
export function areaPath(points: Point[], frame: Frame): string {
  const line = linePath(points, frame);
  if (!line) return '';
  const xs = [...line.matchAll(/[ML](-?[\d.]+),/g)].map((m) => m[1]);
  return `${line} L${xs[xs.length - 1]},${frame.height} L${xs[0]},${frame.height} Z`;
}

/** Keeps the samples newer than `windowMs` before the newest one, sorted and without duplicate times. */
export function trimWindow<T extends { at: string }>(samples: T[], windowMs: number): T[] {
  const byTime = new Map<string, T>();
  for (const sample of samples) byTime.set(sample.at, sample);
  const sorted = [...byTime.values()].sort((a, b) => parseTime(a.at) - parseTime(b.at));
  if (sorted.length === 0) return sorted;
  const newest = parseTime(sorted[sorted.length - 1].at);
  return sorted.filter((s) => parseTime(s.at) > newest - windowMs);
}

const round = (n: number) => Math.round(n * 10) / 10;
