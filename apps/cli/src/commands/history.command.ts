import { historyEntries, historyRow, matchesFilter, type HistoryRow } from '@app/audit';
import { VOLUME_LOG } from '@app/read-model';
import { onePositional } from '../cli-arguments';
import type { CliCommand } from '../cli-command';
import { ExitCode, notFound } from '../exit-code';
import { formatTable, json } from '../text-table';
import { eventFilterFrom, FILTER_HELP, FILTER_OPTIONS } from './filter-options';

export const historyCommand: CliCommand = {
  name: 'history',
  summary: 'every event of a volume: time, type, actor, request id, status before -> after',
  help: `Usage: cinder-engine history VOLUME_ID [options]

Every event of a volume, oldest first: when, which event, who (user@project, and whether a
service), in which request, and the status it moved the volume between. The statuses come from
folding the whole stream, so they are right whatever the filters leave out.

Options:
${FILTER_HELP}
  --json                  a JSON array of rows instead of a table
  -h, --help              this help

Exit codes: 0 ok, 1 error, 2 bad usage, 3 no such volume.`,
  options: FILTER_OPTIONS,
  async run({ positionals, values, resources, out }) {
    const volumeId = onePositional(positionals, 'VOLUME_ID');
    const filter = eventFilterFrom(values);
    const events = await resources.store().readStream(VOLUME_LOG.streamId(volumeId));
    if (events.length === 0) throw notFound(`Volume ${volumeId} has no events in the event store.`);
    const rows = [...historyEntries(events, VOLUME_LOG.decode)]
      .filter(({ event }) => matchesFilter(event, filter))
      .map(historyRow);
    out.write(values.json ? json(rows) : `${historyTable(rows)}\n`);
    return ExitCode.Ok;
  },
};

function historyTable(rows: HistoryRow[]): string {
  return formatTable(
    ['REV', 'TIME', 'EVENT', 'ACTOR', 'REQUEST ID', 'STATUS'],
    rows.map((r) => [
      String(r.revision),
      r.time,
      r.type,
      r.service ? `${r.actor} (service)` : r.actor,
      r.request_id ?? '-',
      `${r.status_before ?? '-'} -> ${r.status_after ?? '-'}`,
    ]),
  );
}
