import type { VolumeState } from '@app/domain';
import type { RecordedEvent } from '@app/event-store';
import { operationUnderWay, transitionalWait } from './transitional-statuses';

export type InvariantRule =
  | 'revisions_contiguous'
  | 'metadata_complete'
  | 'event_decodable'
  | 'size_never_shrinks'
  | 'attach_status_matches_attachments'
  | 'transitional_status_has_pending_operation';

export interface Breach {
  rule: InvariantRule;
  message: string;
}

/**
 * What every stored event holds: the log is the audit trail, so an event that does not say who
 * asked, in which request, under which schema and when is a defect whatever its type.
 */
export function metadataBreaches(event: RecordedEvent): Breach[] {
  const m = event.metadata;
  const actor = (typeof m.actor === 'object' && m.actor !== null ? m.actor : null) as Record<string, unknown> | null;
  const checks: Array<[boolean, string]> = [
    [Number.isInteger(m.schema_version) && (m.schema_version as number) >= 1, 'schema_version'],
    [isText(m.request_id), 'request_id'],
    [isText(m.correlation_id), 'correlation_id'],
    // Null when nothing caused it but the request itself.
    ['causation_id' in m && (m.causation_id === null || isText(m.causation_id)), 'causation_id'],
    ['microversion' in m && (m.microversion === null || isText(m.microversion)), 'microversion'],
    [typeof m.timestamp === 'string' && !Number.isNaN(Date.parse(m.timestamp)), 'timestamp'],
    [actor !== null, 'actor'],
    [actor === null || isText(actor.user_id), 'actor.user_id'],
    [actor === null || isText(actor.project_id), 'actor.project_id'],
    [actor === null || Array.isArray(actor.roles), 'actor.roles'],
    [actor === null || typeof actor.is_admin === 'boolean', 'actor.is_admin'],
    [actor === null || typeof actor.service === 'boolean', 'actor.service'],
  ];
  const missing = checks.filter(([ok]) => !ok).map(([, field]) => field);
  return missing.length
    ? [{ rule: 'metadata_complete', message: `missing or malformed metadata: ${missing.join(', ')}` }]
    : [];
}

/** Rules between consecutive states: they must hold at every event of the history. */
export function transitionBreaches(before: VolumeState, after: VolumeState): Breach[] {
  if (before.exists && after.exists && after.size < before.size) {
    return [{ rule: 'size_never_shrinks', message: `size shrank from ${before.size} to ${after.size}` }];
  }
  return [];
}

/**
 * Rules of a volume's current state. They are checked on the state a stream ends in, not on
 * every step: an administrator's os-reset_status may pass through an inconsistent state that a
 * later reset repairs, and only what is inconsistent now needs someone to act.
 */
export function stateBreaches(state: VolumeState): Breach[] {
  // A deleted volume keeps the status it was deleted in (Cinder soft-deletes the row).
  if (!state.exists || state.deleted) return [];
  const breaches: Breach[] = [];
  const attached = state.attachments.filter((a) => a.attach_status === 'attached').length;
  if ((state.attach_status === 'attached') !== attached > 0) {
    breaches.push({
      rule: 'attach_status_matches_attachments',
      message: `attach_status is ${state.attach_status} but ${attached} of ${state.attachments.length} attachments are attached`,
    });
  }
  if (transitionalWait(state) === 'job' && !operationUnderWay(state)) {
    breaches.push({
      rule: 'transitional_status_has_pending_operation',
      message: `status ${state.status} has no pending operation, so no job will ever move it on`,
    });
  }
  return breaches;
}

const isText = (value: unknown): value is string => typeof value === 'string' && value.length > 0;
