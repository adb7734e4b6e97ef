import { findStuckVolumes, type StuckVolume } from '@app/audit';
import { VOLUME_LOG } from '@app/read-model';
import { noPositionals, stringOption } from '../cli-arguments';
import { PROGRESS_OPTION, type CliCommand } from '../cli-command';
import { formatDuration, parseDuration } from '../duration';
import { ExitCode, usageError } from '../exit-code';
import { logProgress } from '../progress-bar';
import { formatTable, json } from '../text-table';

const DEFAULT_OLDER_THAN = '1h';

export const stuckCommand: CliCommand = {
  name: 'stuck',
  summary: 'volumes stranded in a transitional status longer than a threshold',
  help: `Usage: cinder-engine stuck [--older-than DURATION] [--progress] [--json]

Lists the volumes that have been in a transitional status longer than DURATION: those waiting
for an engine job (creating, extending, deleting, retyping, ...) with the operation they wait
on, and those waiting for another party (attaching, detaching, reserved, awaiting-transfer).
The time each entered its status comes from the log.

Options:
  --older-than DURATION   e.g. 90s, 15m, 2h, 1d (default ${DEFAULT_OLDER_THAN})
  --progress              show a progress bar on stderr even when it is not a terminal
  --json                  a JSON array instead of a table
  -h, --help              this help

Exit codes: 0 none stuck, 1 error, 2 bad usage, 4 stuck volumes found.`,
  options: { ...PROGRESS_OPTION, 'older-than': { type: 'string' } },
  async run(invocation) {
    const { positionals, values, resources, out } = invocation;
    noPositionals(positionals);
    const threshold = stringOption(values['older-than']) ?? DEFAULT_OLDER_THAN;
    const olderThanMs = parseDuration(threshold);
    if (olderThanMs === null) throw usageError(`--older-than must look like 90s, 15m, 2h or 1d, got "${threshold}"`);
    const store = resources.store();
    const progress = await logProgress(invocation, store, 'stuck');
    const stuck = await findStuckVolumes(store, VOLUME_LOG, {
      now: Date.now(),
      olderThanMs,
      onPage: (n, at) => progress.update(n, at),
    });
    progress.finish();
    if (values.json) out.write(json(stuck));
    else out.write(stuck.length ? `${stuckTable(stuck)}\n` : `No volume has been in a transitional status for more than ${threshold}.\n`);
    return stuck.length ? ExitCode.Findings : ExitCode.Ok;
  },
};

function stuckTable(stuck: StuckVolume[]): string {
  return formatTable(
    ['VOLUME', 'PROJECT', 'STATUS', 'WAITING FOR', 'OPERATION', 'SINCE', 'FOR'],
    stuck.map((s) => [
      s.volume_id,
      s.project_id,
      s.status,
      s.waiting_for === 'job' ? 'engine job' : 'external party',
      s.pending ? `${s.pending.kind} ${s.pending.operation_id}` : '-',
      s.since,
      formatDuration(s.age_seconds * 1000),
    ]),
  );
}
