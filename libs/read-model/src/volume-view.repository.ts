import type { DocumentChange, IndexEntry, StoredDocument } from './document-changes';
import type { VolumeView } from './volume-view';

/**
 * Where volume views and the read models derived with them live. `save` stores the view, the
 * documents the same event changed and the projector's checkpoint in one atomic step, never
 * moving the view or the checkpoint backwards: an event handled twice (a redelivery, a replay)
 * finds the view at its revision already and changes nothing, and a crash between events neither
 * skips one nor applies one twice.
 */
export interface VolumeViewRepository {
  get(volumeId: string): Promise<VolumeView | null>;
  /** The views of several volumes in one round trip, in the order asked, null where absent. */
  getMany(volumeIds: readonly string[]): Promise<Array<VolumeView | null>>;
  /** Stores the view unless one at its revision or later is stored, then its changes with it. */
  save(view: VolumeView, checkpoint: bigint, changes?: readonly DocumentChange[]): Promise<void>;
  /** Advances the checkpoint past an event that changed no view. */
  saveCheckpoint(checkpoint: bigint): Promise<void>;
  checkpoint(): Promise<bigint | undefined>;
  /** Every entry of an index (READ_MODEL_KEYS), newest first: highest score, ties by id descending. */
  index(key: string): Promise<IndexEntry[]>;
  /** Documents by key (READ_MODEL_KEYS), in the order asked, null where absent. */
  documents(keys: readonly string[]): Promise<Array<StoredDocument | null>>;
  close(): Promise<void>;
}

export const VOLUME_VIEW_REPOSITORY = Symbol('VolumeViewRepository');
