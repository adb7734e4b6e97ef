import { rebuildReadModel, repairView } from '@app/read-model';
import type { CliCommand, CliInvocation } from '../cli-command';
import { PROGRESS_OPTION } from '../cli-command';
import { ExitCode } from '../exit-code';
import { logProgress } from '../progress-bar';
import { json } from '../text-table';

export const rebuildCommand: CliCommand = {
  name: 'rebuild',
  summary: 'rebuild the Redis read model from the log, aside, then swap with no downtime',
  help: `Usage: cinder-engine rebuild [VOLUME_ID...] [--progress] [--json]

Without volume ids: folds the whole log into a new generation of volume views beside the active
one while the engine keeps serving, then makes it active in one atomic step (readers and the live
projector switch on their next call) and drops the old generation. Safe to run at any time.

With volume ids: rebuilds just those views in place, e.g. to repair what verify reported.

Options:
  --progress   show a progress bar on stderr even when it is not a terminal
  --json       the result as JSON
  -h, --help   this help

Exit codes: 0 ok, 1 error (e.g. Redis unreachable), 2 bad usage, 3 a volume id has no events.`,
  options: PROGRESS_OPTION,
  run(invocation) {
    return invocation.positionals.length ? repair(invocation) : rebuild(invocation);
  },
};

async function rebuild(invocation: CliInvocation): Promise<ExitCode> {
  const { resources, values, out } = invocation;
  const store = resources.store();
  const progress = await logProgress(invocation, store, 'rebuild');
  const started = Date.now();
  const result = await rebuildReadModel(store, resources.generations(), { onPage: (n, at) => progress.update(n, at) });
  progress.finish();
  const seconds = (Date.now() - started) / 1000;
  const rate = Math.round(result.events / Math.max(seconds, 1e-3));
  if (values.json) {
    out.write(json({ ...result, seconds, events_per_second: rate }));
  } else {
    out.write(
      `Rebuilt ${result.views} volume views from ${result.events} events in ${seconds.toFixed(1)} s ` +
        `(${rate.toLocaleString('en-US')} events/s).\nActive generation: ${result.generation} ` +
        `(replaced ${result.previous}, whose ${result.dropped} views were dropped).\n`,
    );
  }
  return ExitCode.Ok;
}

async function repair({ positionals, resources, values, out, err }: CliInvocation): Promise<ExitCode> {
  const views = resources.views();
  const results = [];
  for (const volumeId of positionals) results.push(await repairView(resources.store(), views, volumeId));
  const missing = results.filter((r) => r.revision === null);
  if (values.json) out.write(json(results));
  else {
    for (const r of results) if (r.revision !== null) out.write(`Rebuilt the view of ${r.volume_id} at revision ${r.revision}.\n`);
  }
  for (const r of missing) err.write(`Volume ${r.volume_id} has no events in the event store.\n`);
  return missing.length ? ExitCode.NotFound : ExitCode.Ok;
}
