import { describeEventStoreContract } from './event-store.contract';
import { MemoryEventStore } from './memory-event-store';

describeEventStoreContract('MemoryEventStore', async () => {
  const store = new MemoryEventStore();
  return { store, cleanup: () => store.close() };
});
