import { verifyReadModel, type VerifyReport } from '@app/read-model';
import { noPositionals } from '../cli-arguments';
import { PROGRESS_OPTION, type CliCommand } from '../cli-command';
import { ExitCode } from '../exit-code';
import { logProgress } from '../progress-bar';
import { json } from '../text-table';

export const verifyCommand: CliCommand = {
  name: 'verify',
  summary: 'fold every stream, compare with the read model, check the invariants',
  help: `Usage: cinder-engine verify [--progress] [--json]

Folds every volume stream of the log and checks:
  - the history: revisions contiguous from 0, every event's metadata complete, every event
    decodable (upcast) by this engine, a volume's size never shrinking;
  - each volume's current state: attach_status agreeing with its attachments, a status the
    engine moves on by itself (creating, extending, ...) having an operation under way;
  - the read model: each Redis view equal to the fold, field by field. A view the projector has
    not reached yet is listed as lagging, which is not a failure.

Options:
  --progress   show a progress bar on stderr even when it is not a terminal
  --json       the full report as JSON
  -h, --help   this help

Exit codes: 0 all good, 1 error, 2 bad usage, 4 drift or a broken invariant found.`,
  options: PROGRESS_OPTION,
  async run(invocation) {
    const { positionals, resources, values, out } = invocation;
    noPositionals(positionals);
    const store = resources.store();
    const progress = await logProgress(invocation, store, 'verify');
    const report = await verifyReadModel(store, resources.views(), { onPage: (n, at) => progress.update(n, at) });
    progress.finish();
    out.write(values.json ? json(report) : reportText(report));
    return report.ok ? ExitCode.Ok : ExitCode.Findings;
  },
};

function reportText(report: VerifyReport): string {
  const lines = [
    `Checked ${report.events} events of ${report.volumes} volumes: ` +
      (report.ok ? 'the log and the read model agree.' : 'problems found.'),
  ];
  for (const b of report.breaches) {
    const where = b.revision === null ? 'current state' : `revision ${b.revision}`;
    lines.push(`BREACH ${b.volume_id} ${where}: ${b.rule}: ${b.message}`);
  }
  for (const d of report.drift) {
    for (const f of d.fields) {
      lines.push(`DRIFT  ${d.volume_id} ${f.field}: log says ${JSON.stringify(f.expected)}, read model has ${JSON.stringify(f.actual)}`);
    }
  }
  for (const l of report.lagging) {
    lines.push(`LAG    ${l.volume_id}: view at revision ${l.view_revision ?? 'none'}, log at ${l.log_revision}`);
  }
  return `${lines.join('\n')}\n`;
}
