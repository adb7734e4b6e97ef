import type { EventStore } from '@app/event-store';
import { volumeStreamId } from '@app/volume-commands';
import { projectVolume, type VolumeView } from './volume-view';
import type { VolumeViewRepository } from './volume-view.repository';

/**
 * Reads one volume with read-your-writes consistency: the projected view, topped up with any
 * events of its stream the projector has not reached yet. A client that just wrote always sees
 * its write, however far the projector lags on other streams, at the cost of one cheap
 * stream-head lookup per read.
 */
export class VolumeReader {
  constructor(
    private readonly store: EventStore,
    private readonly views: VolumeViewRepository,
  ) {}

  async get(volumeId: string): Promise<VolumeView | null> {
    const streamId = volumeStreamId(volumeId);
    const [projected, head] = await Promise.all([this.views.get(volumeId), this.store.streamRevision(streamId)]);
    if (head === null) return null;
    if (projected && projected.revision >= head) return projected;
    let view = projected;
    for (const event of await this.store.readStream(streamId, projected ? projected.revision + 1 : 0)) {
      view = projectVolume(view, event);
    }
    return view;
  }
}
