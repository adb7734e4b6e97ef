import type { VolumeView } from './volume-view';

/**
 * Where volume views live. `save` stores the view together with the projector's checkpoint in
 * one atomic step, never moving either backwards, so a crash between events neither skips one
 * nor applies one twice.
 */
export interface VolumeViewRepository {
  get(volumeId: string): Promise<VolumeView | null>;
  /** The views of several volumes in one round trip, in the order asked, null where absent. */
  getMany(volumeIds: readonly string[]): Promise<Array<VolumeView | null>>;
  save(view: VolumeView, checkpoint: bigint): Promise<void>;
  /** Advances the checkpoint past an event that changed no view. */
  saveCheckpoint(checkpoint: bigint): Promise<void>;
  checkpoint(): Promise<bigint | undefined>;
  close(): Promise<void>;
}

export const VOLUME_VIEW_REPOSITORY = Symbol('VolumeViewRepository');
