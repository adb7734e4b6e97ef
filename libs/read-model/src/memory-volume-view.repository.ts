import { DocumentSpace, type DocumentChange } from './document-changes';
import type { VolumeView } from './volume-view';
import type { VolumeViewRepository } from './volume-view.repository';

/** For unit tests only. */
export class MemoryVolumeViewRepository implements VolumeViewRepository {
  private readonly views = new Map<string, VolumeView>();
  private readonly space = new DocumentSpace();
  private position: bigint | undefined;

  async get(volumeId: string) {
    return structuredClone(this.views.get(volumeId) ?? null);
  }

  async getMany(volumeIds: readonly string[]) {
    return Promise.all(volumeIds.map((id) => this.get(id)));
  }

  async save(view: VolumeView, checkpoint: bigint, changes: readonly DocumentChange[] = []) {
    const current = this.views.get(view.id);
    if (!current || current.revision < view.revision) {
      this.views.set(view.id, structuredClone(view));
      this.space.apply(changes);
    }
    await this.saveCheckpoint(checkpoint);
  }

  async saveCheckpoint(checkpoint: bigint) {
    if (this.position === undefined || this.position < checkpoint) this.position = checkpoint;
  }

  async checkpoint() {
    return this.position;
  }

  async index(key: string) {
    return this.space.index(key);
  }

  async documents(keys: readonly string[]) {
    return keys.map((key) => this.space.document(key));
  }

  async close() {}
}
