import { describeBackendRegistryContract } from './backend-registry.contract';
import { MemoryBackendRegistry } from './memory-backend-registry';

describeBackendRegistryContract('in-memory', async () => ({ registry: new MemoryBackendRegistry(), cleanup: async () => undefined }));
