import { logPages } from '@app/audit';
import type { EventStore, RecordedEvent } from '@app/event-store';
import { compactChanges, type DocumentChange } from './document-changes';
import type { RedisViewGenerations } from './redis-view-generations';
import { deriveDocuments } from './volume-documents';
import { isVolumeStream, projectVolume, volumeIdOfEvent, type VolumeView } from './volume-view';

export interface RebuildOptions {
  pageSize?: number;
  onPage?: (scanned: number, position: bigint) => void;
  /** How many times to catch up with a live projector that moved on before giving up. */
  maxRounds?: number;
}

export interface RebuildResult {
  generation: string;
  previous: string;
  events: number;
  views: number;
  /** Views the previous generation held when it was dropped. */
  dropped: number;
}

/**
 * Rebuilds every volume view, and the read models derived with them (lists, snapshots, backend
 * operations), from the log into a new generation while the engine keeps serving from the active
 * one, then swaps. The swap only happens once the new generation is at least as
 * current as the active one (checked atomically with the swap), so the live projector goes on from
 * its own position on views that already hold everything before it; if the projector moved on
 * meanwhile, the rebuild reads the new events and tries again.
 */
export async function rebuildReadModel(
  store: EventStore,
  generations: RedisViewGenerations,
  { pageSize, onPage, maxRounds = 20 }: RebuildOptions = {},
): Promise<RebuildResult> {
  const base = generations.newBase();
  let after: bigint | undefined;
  let events = 0;
  let views = 0;
  try {
    for (let round = 1; ; round++) {
      for await (const page of logPages(store, { after, pageSize })) {
        views += await applyPage(generations, base, page);
        after = page[page.length - 1].position;
        events += page.length;
        onPage?.(events, after);
      }
      const activation = await generations.activate(base);
      if (activation.activated) {
        return { generation: base, previous: activation.previous, events, views, dropped: await generations.drop(activation.previous) };
      }
      if (round >= maxRounds) {
        throw new Error(
          `The live projector kept ahead of the rebuild (at ${activation.activeCheckpoint}, rebuild at ${after}) ` +
            `after ${round} rounds; the active views were left in place`,
        );
      }
    }
  } catch (error) {
    // An unfinished generation is never read; leaving it would only waste memory. Cleaning up
    // must not hide why the rebuild failed.
    await discard(generations, base).catch(() => undefined);
    throw error;
  }
}

async function discard(generations: RedisViewGenerations, base: string) {
  if ((await generations.activeBase()) !== base) await generations.drop(base);
}

/** Folds one page into the generation being built; returns how many new views it started. */
async function applyPage(generations: RedisViewGenerations, base: string, page: RecordedEvent[]): Promise<number> {
  const volumeEvents = page.filter(isVolumeStream);
  const views = await generations.views(base, [...new Set(volumeEvents.map(volumeIdOfEvent))]);
  const changed = new Map<string, VolumeView>();
  const documents: DocumentChange[] = [];
  let started = 0;
  for (const event of volumeEvents) {
    const id = volumeIdOfEvent(event);
    const current = views.get(id) ?? null;
    const next = projectVolume(current, event);
    if (!next || next === current) continue;
    if (!current) started++;
    documents.push(...deriveDocuments(current, next, event));
    views.set(id, next);
    changed.set(id, next);
  }
  await generations.write(base, changed.values(), page[page.length - 1].position, compactChanges(documents));
  return started;
}
