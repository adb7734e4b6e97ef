export * from './event-store.port';
export * from './create-event-store';
export { KurrentDbEventStore, type KurrentDbEventStoreOptions } from './kurrentdb-event-store';
export { MemoryEventStore } from './memory-event-store';
export { SqliteEventStore, type SqliteEventStoreOptions } from './sqlite-event-store';
