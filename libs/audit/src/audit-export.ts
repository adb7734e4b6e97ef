import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { evolve, initialState } from '@app/domain';
import type { EventStore, RecordedEvent } from '@app/event-store';
import { matchesFilter, type EventFilter } from './event-filter';
import { logPages } from './log-pages';
import type { VolumeLog } from './volume-log';

export interface ExportOptions {
  filter?: EventFilter;
  projectId?: string;
  volumeId?: string;
  pageSize?: number;
  /** Called after each page with the events read so far and the position reached. */
  onPage?: (scanned: number, position: bigint) => void;
}

export interface ExportResult {
  /** Events of the log read, of any stream. */
  scanned: number;
  /** Lines written. */
  exported: number;
}

/** One line of the export: the event as stored, with its place in the log. */
export function auditLine(event: RecordedEvent, log: VolumeLog): string {
  return JSON.stringify({
    stream: event.streamId,
    volume_id: log.volumeIdOf(event.streamId),
    revision: event.revision,
    // A decimal string: positions can exceed what a JSON number holds exactly.
    position: event.position.toString(),
    id: event.id,
    type: event.type,
    recorded_at: event.recordedAt,
    data: event.data,
    metadata: event.metadata,
  });
}

/**
 * Writes the volume events of the log as JSON Lines, in log order, holding one page of events
 * and waiting for `out` to drain whenever it asks to: memory stays bounded by the page size
 * however long the log is, and a slow consumer slows the export instead of filling memory.
 */
export async function exportAuditLog(
  store: EventStore,
  log: VolumeLog,
  out: Writable,
  { filter = {}, projectId, volumeId, pageSize, onPage }: ExportOptions = {},
): Promise<ExportResult> {
  const wanted = volumeSelector(log, projectId, volumeId);
  let scanned = 0;
  let exported = 0;
  for await (const page of logPages(store, { pageSize })) {
    scanned += page.length;
    let chunk = '';
    for (const event of page) {
      if (!event.streamId.startsWith(log.streamPrefix) || !wanted(event) || !matchesFilter(event, filter)) continue;
      chunk += `${auditLine(event, log)}\n`;
      exported++;
    }
    // once() rejects if `out` fails while we wait (e.g. the reader of a pipe went away).
    if (chunk && !out.write(chunk)) await once(out, 'drain');
    onPage?.(scanned, page[page.length - 1].position);
  }
  return { scanned, exported };
}

/**
 * Which volumes' events to keep. A volume's project is fixed by the event that created it (its
 * revision 0, which the log always delivers before the rest of the stream), found through the
 * domain's fold so any kind of creation counts; only the ids of matching volumes are remembered.
 */
function volumeSelector(log: VolumeLog, projectId?: string, volumeId?: string): (event: RecordedEvent) => boolean {
  const stream = volumeId === undefined ? undefined : log.streamId(volumeId);
  const ofProject = new Set<string>();
  return (event) => {
    if (stream !== undefined && event.streamId !== stream) return false;
    if (projectId === undefined) return true;
    if (event.revision === 0) {
      const created = evolve(initialState(), log.decode(event));
      if (created.exists && created.project_id === projectId) ofProject.add(event.streamId);
    }
    return ofProject.has(event.streamId);
  };
}
