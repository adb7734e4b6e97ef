import { evolve, initialState, type VolumeState } from '@app/domain';
import { findHeadPosition, historyRow, matchesFilter, type HistoryRow } from '@app/audit';
import type { EventStore, RecordedEvent } from '@app/event-store';
import { VOLUME_LOG } from '@app/read-model';
import { noPositionals, stringOption } from '../cli-arguments';
import type { CliCommand } from '../cli-command';
import { ExitCode } from '../exit-code';
import { eventFilterFrom, FILTER_HELP, FILTER_OPTIONS } from './filter-options';

export const tailCommand: CliCommand = {
  name: 'tail',
  summary: 'follow new volume events live, filtered like history, until Ctrl-C',
  help: `Usage: cinder-engine tail [--volume VOLUME_ID] [options]

Prints each volume event as it is recorded from now on (as history shows it, with the volume's
id), until interrupted with Ctrl-C (SIGINT), which ends it normally.

Options:
  --volume VOLUME_ID      only this volume's events
${FILTER_HELP}
  --json                  one JSON object per line instead of text
  -h, --help              this help

Exit codes: 0 ok (also when ended by SIGINT), 1 error, 2 bad usage.`,
  options: { ...FILTER_OPTIONS, volume: { type: 'string' } },
  untilInterrupted: true,
  async run({ positionals, values, resources, out, err, signal }) {
    noPositionals(positionals);
    const filter = eventFilterFrom(values);
    const volumeId = stringOption(values.volume);
    const store = resources.store();
    const head = await findHeadPosition(store);
    const subscription = store.subscribe({
      after: head ?? undefined,
      streamPrefixes: [volumeId ? VOLUME_LOG.streamId(volumeId) : VOLUME_LOG.streamPrefix],
    });
    signal.addEventListener('abort', () => void subscription.close(), { once: true });
    err.write(`Following volume events after position ${head ?? 'start'}; press Ctrl-C to stop.\n`);
    const states = new RecentStates(store);
    for await (const event of subscription) {
      // A prefix match also lets volume ids that merely start with the one asked for through.
      if (volumeId && event.streamId !== VOLUME_LOG.streamId(volumeId)) continue;
      const before = await states.before(event);
      const after = evolve(before, VOLUME_LOG.decode(event));
      states.remember(event, after);
      if (!matchesFilter(event, filter)) continue;
      const row = { volume_id: VOLUME_LOG.volumeIdOf(event.streamId), ...historyRow({ event, before, after }) };
      out.write(values.json ? `${JSON.stringify(row)}\n` : `${tailLine(row)}\n`);
    }
    return ExitCode.Ok;
  },
};

function tailLine(row: HistoryRow & { volume_id: string }): string {
  const actor = row.service ? `${row.actor} (service)` : row.actor;
  return (
    `${row.time}  ${row.volume_id}  #${row.revision}  ${row.type}  by ${actor}  ` +
    `request ${row.request_id ?? '-'}  ${row.status_before ?? '-'} -> ${row.status_after ?? '-'}`
  );
}

/**
 * The state of recently seen volumes, for the status before each event. A volume met for the
 * first time is folded from its stream up to the event; the cache is bounded, oldest out.
 */
class RecentStates {
  private static readonly LIMIT = 1000;
  private readonly states = new Map<string, { revision: number; state: VolumeState }>();

  constructor(private readonly store: EventStore) {}

  async before(event: RecordedEvent): Promise<VolumeState> {
    const known = this.states.get(event.streamId);
    if (known?.revision === event.revision - 1) return known.state;
    let state = initialState();
    for (const earlier of await this.store.readStream(event.streamId)) {
      if (earlier.revision >= event.revision) break;
      state = evolve(state, VOLUME_LOG.decode(earlier));
    }
    return state;
  }

  remember(event: RecordedEvent, state: VolumeState): void {
    this.states.delete(event.streamId);
    this.states.set(event.streamId, { revision: event.revision, state });
    if (this.states.size > RecentStates.LIMIT) this.states.delete(this.states.keys().next().value!);
  }
}
