import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { exportAuditLog } from '@app/audit';
import { VOLUME_LOG } from '@app/read-model';
import { noPositionals, stringOption } from '../cli-arguments';
import { PROGRESS_OPTION, type CliCommand } from '../cli-command';
import { ExitCode, notFound, usageError } from '../exit-code';
import { logProgress } from '../progress-bar';
import { eventFilterFrom, FILTER_HELP, FILTER_OPTIONS } from './filter-options';

export const exportCommand: CliCommand = {
  name: 'export',
  summary: 'the audit log as JSON Lines, streamed in bounded memory (for a SIEM)',
  help: `Usage: cinder-engine export [--volume VOLUME_ID | --project PROJECT_ID] [options]

Writes every volume event of the log, oldest first, one JSON object per line:
  {"stream", "volume_id", "revision", "position" (a decimal string), "id", "type",
   "recorded_at", "data", "metadata"}
The log is read a page at a time and written as fast as the output takes it, so memory stays
bounded however long the log is.

Options:
  --volume VOLUME_ID      only this volume's events
  --project PROJECT_ID    only events of volumes created in this project
${FILTER_HELP}
  --output FILE           write to FILE instead of stdout
  --progress              show a progress bar on stderr even when it is not a terminal
  -h, --help              this help

A summary (events written, events/s) goes to stderr.
Exit codes: 0 ok, 1 error, 2 bad usage, 3 --volume names a volume with no events.`,
  options: { ...FILTER_OPTIONS, ...PROGRESS_OPTION, volume: { type: 'string' }, project: { type: 'string' }, output: { type: 'string' } },
  async run(invocation) {
    const { positionals, values, resources, out, err } = invocation;
    noPositionals(positionals);
    if (values.json) throw usageError('export always writes JSON Lines; --json does not apply');
    const filter = eventFilterFrom(values);
    const volumeId = stringOption(values.volume);
    const projectId = stringOption(values.project);
    if (volumeId && projectId) throw usageError('Give --volume or --project, not both');
    const store = resources.store();
    if (volumeId && (await store.streamRevision(VOLUME_LOG.streamId(volumeId))) === null) {
      throw notFound(`Volume ${volumeId} has no events in the event store.`);
    }
    const output = stringOption(values.output);
    const target: Writable = output ? createWriteStream(output) : (out as Writable);
    if (output) await once(target, 'open');
    const progress = await logProgress(invocation, store, 'export');
    const started = Date.now();
    const result = await exportAuditLog(store, VOLUME_LOG, target, {
      filter,
      volumeId,
      projectId,
      onPage: (n, at) => progress.update(n, at),
    });
    progress.finish();
    if (output) {
      target.end();
      await once(target, 'finish');
    }
    const seconds = (Date.now() - started) / 1000;
    err.write(
      `Exported ${result.exported} events (of ${result.scanned} read) in ${seconds.toFixed(1)} s, ` +
        `${Math.round(result.scanned / Math.max(seconds, 1e-3)).toLocaleString('en-US')} events/s.\n`,
    );
    return ExitCode.Ok;
  },
};
