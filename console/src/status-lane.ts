import { parseTime } from './time-format';
/** What the lane needs of an event: when it was recorded and the status it left the volume in. */
export interface LaneEvent {
  revision: number;
  recorded_at: string;
  status_after: string | null;
}

export interface LaneSegment {
  status: string;
  start: number;
  end: number;
  durationMs: number;
  /** The revision that put the volume in this status. */
  fromRevision: number;
  /** False for the last segment of a volume that still exists: it lasts until now. */
  closed: boolean;
}

/**
 * The volume's status over time: one segment per stretch of one status, from the event that
 * entered it to the event that left it (or `now` for the status it is still in). Events that do
 * not change the status extend the current segment; a deletion (status null) ends the lane.
 */
export function statusSegments(events: LaneEvent[], now: number): LaneSegment[] {
  const segments: LaneSegment[] = [];
  let open: { status: string; start: number; fromRevision: number } | null = null;
  const close = (end: number, closed: boolean) => {
    if (!open) return;
    const finish = Math.max(end, open.start);
    segments.push({ ...open, end: finish, durationMs: finish - open.start, closed });
    open = null;
  };
  for (const event of [...events].sort((a, b) => a.revision - b.revision)) {
    const at = parseTime(event.recorded_at);
    if (open && open.status === event.status_after) continue;
    close(at, true);
    if (event.status_after !== null) open = { status: event.status_after, start: at, fromRevision: event.revision };
  }
  close(now, false);
  return segments;
}

/** Total time per status over the lane, longest first. */
export function timeInStatus(segments: LaneSegment[]): Array<{ status: string; durationMs: number }> {
  const totals = new Map<string, number>();
  for (const segment of segments) totals.set(segment.status, (totals.get(segment.status) ?? 0) + segment.durationMs);
  return [...totals].map(([status, durationMs]) => ({ status, durationMs })).sort((a, b) => b.durationMs - a.durationMs);
}

/** Where a time falls on an axis from `start` to `end`, in percent (0 when the axis has no length). */
export function axisPercent(at: number, start: number, end: number): number {
  if (end <= start) return 0;
  return Math.min(100, Math.max(0, ((at - start) / (end - start)) * 100));
}

/**
 * Where the time axis ends. A deleted volume's ends at its last event. A live volume's runs on
 * towards now, but only as far past the last event as the history before it is long (at least a
 * second): a volume idle for hours after a busy minute still shows that minute legibly, its
 * current status running off the axis's end (see `continuesPast`).
 */
export function axisEnd(start: number, lastEventAt: number, deleted: boolean, now: number): number {
  if (deleted) return Math.max(lastEventAt, start + 1);
  const tail = Math.max(lastEventAt - start, 1000);
  return Math.max(Math.min(now, lastEventAt + tail), start + 1);
}

/** A segment that lasts beyond the axis's end, drawn as running off it. */
export const continuesPast = (segment: LaneSegment, end: number) => segment.end > end;
