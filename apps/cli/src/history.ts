import { evolve, initialState, type VolumeState } from '@app/domain';
import type { RecordedEvent } from '@app/event-store';
import { toVolumeEvent } from '@app/volume-commands';

export interface HistoryRow {
  revision: number;
  time: string;
  type: string;
  actor: string;
  service: boolean;
  request_id: string | null;
  status_before: string | null;
  status_after: string | null;
}

const statusOf = (state: VolumeState) => (state.exists ? state.status : null);

/** One row per event of a volume's stream, with the status it moved the volume between. */
export function historyRows(events: RecordedEvent[]): HistoryRow[] {
  let state = initialState();
  return events.map((event) => {
    const before = statusOf(state);
    state = evolve(state, toVolumeEvent(event));
    const actor = (event.metadata.actor ?? {}) as { user_id?: string; project_id?: string; service?: boolean };
    return {
      revision: event.revision,
      time: String(event.metadata.timestamp ?? event.recordedAt),
      type: event.type,
      actor: actor.user_id ? `${actor.user_id}@${actor.project_id}` : 'unknown',
      service: actor.service === true,
      request_id: (event.metadata.request_id as string | undefined) ?? null,
      status_before: before,
      status_after: statusOf(state),
    };
  });
}

export function formatTable(rows: HistoryRow[]): string {
  const header = ['REV', 'TIME', 'EVENT', 'ACTOR', 'REQUEST ID', 'STATUS'];
  const cells = rows.map((r) => [
    String(r.revision),
    r.time,
    r.type,
    r.service ? `${r.actor} (service)` : r.actor,
    r.request_id ?? '-',
    `${r.status_before ?? '-'} -> ${r.status_after ?? '-'}`,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c: string[]) => c.map((v, i) => v.padEnd(widths[i])).join('  ').trimEnd();
  return [line(header), ...cells.map(line)].join('\n');
}
