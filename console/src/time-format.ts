/**
 * Milliseconds since the epoch for an API time. Cinder's own representations carry naive UTC
 * times (`2026-11-27T19:25:03.042000`), which a browser would read as local time: those are UTC.
 */
export function parseTime(text: string | null | undefined): number {
  if (!text) return NaN;
  return Date.parse(/(Z|[+-]\d\d:?\d\d)$/i.test(text) ? text : `${text}Z`);
}

/** A duration for people: `850 ms`, `1.2 s`, `42 s`, `3 min 5 s`, `2 h 10 min`, `3 d 4 h`. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '–';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 10) return `${s.toFixed(1)} s`;
  if (s < 60) return `${Math.round(s)} s`;
  const total = Math.round(s);
  const [d, h, m, sec] = [Math.floor(total / 86400), Math.floor(total / 3600) % 24, Math.floor(total / 60) % 60, total % 60];
  if (d > 0) return `${d} d ${h} h`;
  if (h > 0) return `${h} h ${m} min`;
  return sec > 0 ? `${m} min ${sec} s` : `${m} min`;
}

/** A UTC time of day with milliseconds, as the event log's timestamps are compared. */
export function formatClock(iso: string): string {
  const date = new Date(parseTime(iso));
  return Number.isNaN(date.getTime()) ? iso : date.toISOString().slice(11, 23);
}

/** A date and time in UTC, short: `2026-11-27 19:25:03`. */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '–';
  const date = new Date(parseTime(iso));
  return Number.isNaN(date.getTime()) ? iso : date.toISOString().slice(0, 19).replace('T', ' ');
}

/** How long ago, for people: `just now`, `12 s ago`, `3 min ago`. */
export function formatAge(iso: string | null | undefined, now: number): string {
  if (!iso) return '–';
  const ms = now - parseTime(iso);
  if (!Number.isFinite(ms)) return '–';
  return ms < 1000 ? 'just now' : `${formatDuration(ms)} ago`;
}
