import { MemoryVolumeViewRepository } from './memory-volume-view.repository';
import { describeVolumeViewRepositoryContract } from './volume-view.repository.contract';

describeVolumeViewRepositoryContract('in-memory', async () => ({
  repository: new MemoryVolumeViewRepository(),
  cleanup: async () => undefined,
}));
