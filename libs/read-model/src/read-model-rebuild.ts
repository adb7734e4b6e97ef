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
  const writer = new PageWriter(generations, base);
  try {
    for (let round = 1; ; round++) {
      for await (const page of logPages(store, { after, pageSize })) {
        views += await writer.apply(page);
        after = page[page.length - 1].position;
        events += page.length;
        onPage?.(events, after);
      }
      await writer.flush();
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
    await writer.flush().catch(() => undefined);
    await discard(generations, base).catch(() => undefined);
    throw error;
  }
}

async function discard(generations: RedisViewGenerations, base: string) {
  if ((await generations.activeBase()) !== base) await generations.drop(base);
}

/**
 * Folds pages into the generation being built. A page's write is sent without waiting for it, so
 * the next page is folded while Redis stores the last one: the views the last page changed are
 * kept at hand, and the others are read on the same connection after the write, which Redis
 * therefore has applied by the time it answers. At most one write is in flight.
 */
class PageWriter {
  private recent = new Map<string, VolumeView>();
  private writing: Promise<void> = Promise.resolve();
  private failure: unknown = null;

  constructor(
    private readonly generations: RedisViewGenerations,
    private readonly base: string,
  ) {}

  /** Returns how many new views the page started. */
  async apply(page: RecordedEvent[]): Promise<number> {
    const volumeEvents = page.filter(isVolumeStream);
    const ids = [...new Set(volumeEvents.map(volumeIdOfEvent))];
    const views = await this.generations.views(this.base, ids.filter((id) => !this.recent.has(id)));
    for (const id of ids) if (this.recent.has(id)) views.set(id, this.recent.get(id)!);
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
    await this.flush();
    this.writing = this.generations
      .write(this.base, changed.values(), page[page.length - 1].position, compactChanges(documents))
      .catch((error: unknown) => {
        this.failure = error;
      });
    this.recent = changed;
    return started;
  }

  /** Waits for the write in flight; throws if it failed. */
  async flush(): Promise<void> {
    await this.writing;
    if (this.failure) throw this.failure;
  }
}
