import { Inject, Injectable, Logger } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { EVENT_STORE, type EventStore } from '@app/event-store';
import {
  DocumentSpace,
  READ_MODEL_KEYS,
  ReadModelFreshness,
  streamDocuments,
  VOLUME_LOG,
  VOLUME_VIEW_REPOSITORY,
  type IndexEntry,
  type OperationDocument,
  type SnapshotDocument,
  type VolumeView,
  type VolumeViewRepository,
} from '@app/read-model';

/** Sent when a read gave up waiting for the projector: the answer may miss the newest writes. */
export const STALE_HEADER = 'X-Read-Model-Fresh';

/**
 * The read side of the read models for the query controllers: read-your-writes first (see
 * ReadModelFreshness), then indexes and documents of the active generation.
 */
@Injectable()
export class ReadModelQueries {
  private readonly logger = new Logger('ReadModelQueries');
  private readonly freshness: ReadModelFreshness;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(VOLUME_VIEW_REPOSITORY) private readonly views: VolumeViewRepository,
  ) {
    this.freshness = new ReadModelFreshness(store, () => views.checkpoint());
  }

  /**
   * Waits until the projector has handled everything stored before this read began. Bounded: when
   * it takes too long (no projector running, or one far behind) the read goes on with what the
   * read model has, and says so in a header.
   */
  async awaitFresh(reply?: FastifyReply): Promise<boolean> {
    const { fresh, head, checkpoint, waitedMs } = await this.freshness.awaitHead();
    if (!fresh) {
      this.logger.warn(`The projector is behind (at ${checkpoint ?? 'nothing'}, log at ${head}) after ${waitedMs} ms; answering from the read model as it is`);
      reply?.header(STALE_HEADER, 'false');
    }
    return fresh;
  }

  index(key: string): Promise<IndexEntry[]> {
    return this.views.index(key);
  }

  volume(volumeId: string): Promise<VolumeView | null> {
    return this.views.get(volumeId);
  }

  volumes(volumeIds: readonly string[]): Promise<Array<VolumeView | null>> {
    return this.views.getMany(volumeIds);
  }

  async snapshots(ids: readonly string[]): Promise<Array<SnapshotDocument | null>> {
    return (await this.views.documents(ids.map(READ_MODEL_KEYS.snapshot))) as Array<SnapshotDocument | null>;
  }

  async operations(ids: readonly string[]): Promise<Array<OperationDocument | null>> {
    return (await this.views.documents(ids.map(READ_MODEL_KEYS.operation))) as Array<OperationDocument | null>;
  }

  /**
   * One snapshot, current with its volume's stream: the stored document when the projector has
   * every event of that stream, otherwise (after waiting for it in vain) the fold of the stream.
   */
  async snapshot(snapshotId: string, reply?: FastifyReply): Promise<SnapshotDocument | null> {
    const [stored] = await this.snapshots([snapshotId]);
    if (stored) {
      const streamId = VOLUME_LOG.streamId(stored.volume_id);
      const [view, head] = await Promise.all([this.views.get(stored.volume_id), this.store.streamRevision(streamId)]);
      // Documents are stored with their view: read after a current view, the document is current.
      if (view && view.revision === head) return (await this.snapshots([snapshotId]))[0];
    }
    // New, changed or gone since the projector last stored it.
    if (await this.awaitFresh(reply)) return (await this.snapshots([snapshotId]))[0];
    if (!stored) return null;
    const space = new DocumentSpace();
    space.apply(streamDocuments(await this.store.readStream(VOLUME_LOG.streamId(stored.volume_id))).changes);
    return space.document(READ_MODEL_KEYS.snapshot(snapshotId)) as SnapshotDocument | null;
  }
}
