import { operationUnderWay } from '@app/audit';
import { ApiVersion, MAX_VERSION } from '@app/cinder-api';
import type { Caller } from '@app/identity';
import { Policy } from '@app/policy';
import { volumeAt, VOLUME_LOG, type StateAt, type VolumeView } from '@app/read-model';
import { presentVolume } from '../../../api/src/volumes/volume-presenter';
import { onePositional, stringOption } from '../cli-arguments';
import type { CliCommand } from '../cli-command';
import type { CliResources } from '../cli-resources';
import { ExitCode, notFound, usageError } from '../exit-code';
import { formatTable, json } from '../text-table';
import { isoTime } from './filter-options';

export const stateCommand: CliCommand = {
  name: 'state',
  summary: 'a volume as it was at a revision or a time (time travel)',
  help: `Usage: cinder-engine state VOLUME_ID [--at REVISION|TIME] [--json]

The volume as it was right after the event at REVISION (0 is its first event), or at TIME
(ISO 8601): the fold of its events up to there. Without --at, as it is now.

Options:
  --at REVISION|TIME  where to stop: a revision number, or an ISO 8601 time
  --json              Cinder's volume representation ({"volume": {...}}, microversion ${MAX_VERSION}, as an
                      admin sees it) instead of a short table
  -h, --help          this help

Exit codes: 0 ok, 1 error, 2 bad usage, 3 no such volume, or it did not exist yet at --at.`,
  options: { at: { type: 'string' } },
  async run({ positionals, values, resources, out }) {
    const volumeId = onePositional(positionals, 'VOLUME_ID');
    const stop = stopAt(stringOption(values.at));
    const events = await resources.store().readStream(VOLUME_LOG.streamId(volumeId));
    if (events.length === 0) throw notFound(`Volume ${volumeId} has no events in the event store.`);
    const head = events[events.length - 1].revision;
    if (stop && 'revision' in stop && stop.revision > head) {
      throw notFound(`Volume ${volumeId} has no revision ${stop.revision}; its last is ${head}.`);
    }
    const { view } = volumeAt(events, stop ?? { revision: head });
    if (!view) throw notFound(`Volume ${volumeId} did not exist yet at ${stringOption(values.at)}.`);
    out.write(values.json ? json({ volume: present(view, resources) }) : `${stateTable(view)}\n`);
    return ExitCode.Ok;
  },
};

function stopAt(at: string | undefined): StateAt | undefined {
  if (at === undefined) return undefined;
  if (/^\d+$/.test(at)) return { revision: Number(at) };
  if (/^-?\d+$/.test(at)) throw usageError(`--at must be a revision (0 or more) or an ISO 8601 time, got "${at}"`);
  return { time: isoTime('--at', at) };
}

/** As the API shows it to an admin at the newest microversion, with the engine's policy file. */
function present(view: VolumeView, resources: CliResources) {
  const { policyFile, host, port } = resources.config;
  const policy = policyFile ? Policy.fromFile(policyFile) : new Policy();
  const caller: Caller = {
    user_id: 'cinder-engine-cli',
    project_id: view.project_id,
    roles: ['admin'],
    is_admin: true,
    is_admin_project: true,
    service: false,
    service_roles: [],
  };
  return presentVolume(view, {
    version: ApiVersion.parse(MAX_VERSION),
    caller,
    allows: (rule) => policy.enforce(rule, caller, view),
    baseUrl: `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}/`,
  });
}

function stateTable(view: VolumeView): string {
  const operation = operationUnderWay(view);
  const pending = operation ? `${operation.kind} (${operation.operation_id})` : '-';
  const rows: Array<[string, string]> = [
    ['id', view.id],
    ['name', view.name ?? '-'],
    ['project', view.project_id],
    ['status', view.status],
    ['size', `${view.size} GiB`],
    ['attach_status', view.attach_status],
    ['attachments', String(view.attachments.length)],
    ['host', view.host ?? '-'],
    ['pending', pending],
    ['revision', String(view.revision)],
    ['updated_at', view.updated_at ?? '-'],
  ];
  return formatTable(['FIELD', 'VALUE'], rows.map(([field, value]) => [field, value]));
}
