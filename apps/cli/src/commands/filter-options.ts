import { parseActorFilter, parseIsoTime, type EventFilter } from '@app/audit';
import type { CliInvocation, OptionSpec } from '../cli-command';
import { usageError } from '../exit-code';

export const FILTER_OPTIONS: OptionSpec = {
  since: { type: 'string' },
  until: { type: 'string' },
  actor: { type: 'string' },
  type: { type: 'string', multiple: true },
};

export const FILTER_HELP = `  --since TIME            only events at or after TIME (ISO 8601, e.g. 2026-11-27T10:00:00Z)
  --until TIME            only events at or before TIME
  --actor USER[@PROJECT]  only events by this user (in this project); @PROJECT for anyone in it
  --type TYPE             only events of this type, e.g. VolumeExtendRequested (repeatable)`;

/** The event filter the options describe; a malformed one is a usage error. */
export function eventFilterFrom(values: CliInvocation['values']): EventFilter {
  const filter: EventFilter = {};
  if (typeof values.since === 'string') filter.since = isoTime('--since', values.since);
  if (typeof values.until === 'string') filter.until = isoTime('--until', values.until);
  if (typeof values.actor === 'string') {
    const actor = parseActorFilter(values.actor);
    if (!actor) throw usageError(`--actor must be USER, USER@PROJECT or @PROJECT, got "${values.actor}"`);
    filter.actor = actor;
  }
  if (Array.isArray(values.type)) filter.types = new Set(values.type.map(String));
  return filter;
}

export function isoTime(option: string, text: string): number {
  const time = parseIsoTime(text);
  if (time === null) throw usageError(`${option} must be an ISO 8601 time such as 2026-11-27T10:00:00Z, got "${text}"`);
  return time;
}
