import { initialState, type VolumeState } from '@app/domain';
import {
  metadataBreaches,
  stateBreaches,
  transitionBreaches,
  volumeEvents,
  type Breach,
} from '@app/audit';
import type { EventStore, RecordedEvent } from '@app/event-store';
import { viewDrift, type FieldDrift } from './view-drift';
import { VOLUME_LOG } from './volume-log';
import { projectVolume, volumeIdOfEvent, type VolumeView } from './volume-view';
import type { VolumeViewRepository } from './volume-view.repository';

export interface VolumeBreach extends Breach {
  volume_id: string;
  /** The event that broke a rule of the history; null for a rule of the current state. */
  revision: number | null;
  position: string | null;
}

export interface VolumeDrift {
  volume_id: string;
  revision: number;
  fields: FieldDrift[];
}

/** A view behind its stream where the projector has not got to yet. Reported, not a failure. */
export interface LaggingView {
  volume_id: string;
  view_revision: number | null;
  log_revision: number;
}

export interface VerifyReport {
  ok: boolean;
  events: number;
  volumes: number;
  breaches: VolumeBreach[];
  drift: VolumeDrift[];
  lagging: LaggingView[];
}

export interface VerifyOptions {
  pageSize?: number;
  onPage?: (scanned: number, position: bigint) => void;
}

interface Folded {
  view: VolumeView | null;
  next: number;
  /** An event this engine cannot fold: the view cannot be judged (the breach says why). */
  undecodable?: boolean;
}

const BATCH = 500;

/**
 * Folds every volume stream of the log, checking the rules of the history on the way and those
 * of the current state at the end, and compares each folded view with the stored one.
 */
export async function verifyReadModel(
  store: EventStore,
  views: VolumeViewRepository,
  { pageSize, onPage }: VerifyOptions = {},
): Promise<VerifyReport> {
  const folds = new Map<string, Folded>();
  const breaches: VolumeBreach[] = [];
  let events = 0;
  for await (const event of volumeEvents(store, VOLUME_LOG.streamPrefix, { pageSize, onPage })) {
    events++;
    const id = volumeIdOfEvent(event);
    const folded = folds.get(id) ?? { view: null, next: 0 };
    breaches.push(...historyBreaches(folded, event).map((breach) => ({ ...breach, ...at(id, event) })));
    folds.set(id, folded);
  }
  const drift: VolumeDrift[] = [];
  const lagging: LaggingView[] = [];
  const suspects: string[] = [];
  for (const ids of batches([...folds.keys()], BATCH)) {
    const stored = await views.getMany(ids);
    ids.forEach((id, i) => {
      const { view, undecodable } = folds.get(id)!;
      for (const breach of stateBreaches(view ?? initialState())) {
        breaches.push({ ...breach, volume_id: id, revision: null, position: null });
      }
      if (view && !undecodable && (stored[i]?.revision !== view.revision || viewDrift(view, stored[i]).length > 0)) suspects.push(id);
    });
  }
  // The engine may be running: a suspect is judged afresh, against what the projector has handled.
  for (const id of suspects) {
    const judged = await judge(store, views, id);
    if (judged.drift) drift.push(judged.drift);
    if (judged.lagging) lagging.push(judged.lagging);
  }
  return { ok: breaches.length === 0 && drift.length === 0, events, volumes: folds.size, breaches, drift, lagging };
}

function historyBreaches(folded: Folded, event: RecordedEvent): Breach[] {
  const found: Breach[] = [];
  if (event.revision !== folded.next) {
    found.push({ rule: 'revisions_contiguous', message: `expected revision ${folded.next}, found ${event.revision}` });
  }
  found.push(...metadataBreaches(event));
  try {
    const next = projectVolume(folded.view, event);
    found.push(...transitionBreaches(stateOf(folded.view), stateOf(next)));
    folded.view = next;
  } catch (error) {
    found.push({ rule: 'event_decodable', message: (error as Error).message });
    folded.undecodable = true;
  }
  folded.next = event.revision + 1;
  return found;
}

/**
 * One volume, read afresh. The projector stores each view with its checkpoint atomically, so a
 * view must hold every event of its stream at or before the checkpoint: one that does not is
 * drift, while events after it are only lag. Read in this order (checkpoint, view, stream) each
 * read can only be as new as or newer than the one before, which keeps the judgement sound while
 * the projector, or a rebuild's swap, moves on.
 */
async function judge(
  store: EventStore,
  views: VolumeViewRepository,
  volumeId: string,
): Promise<{ drift?: VolumeDrift; lagging?: LaggingView }> {
  const checkpoint = await views.checkpoint();
  const stored = await views.get(volumeId);
  const events = await store.readStream(VOLUME_LOG.streamId(volumeId));
  const handled = events.filter((event) => checkpoint !== undefined && event.position <= checkpoint);
  const due = handled.length ? handled[handled.length - 1].revision : -1;
  const upTo = Math.max(due, stored?.revision ?? -1);
  let expected: VolumeView | null = null;
  for (const event of events) if (event.revision <= upTo) expected = projectVolume(expected, event);
  const head = events[events.length - 1].revision;
  const lagging =
    (stored?.revision ?? -1) < head ? { volume_id: volumeId, view_revision: stored?.revision ?? null, log_revision: head } : undefined;
  const fields = expected ? viewDrift(expected, stored) : [];
  return { lagging, drift: fields.length ? { volume_id: volumeId, revision: expected!.revision, fields } : undefined };
}

const stateOf = (view: VolumeView | null): VolumeState => view ?? initialState();

const at = (volumeId: string, event: RecordedEvent) => ({
  volume_id: volumeId,
  revision: event.revision,
  position: event.position.toString(),
});

function* batches<T>(items: T[], size: number): Generator<T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}
