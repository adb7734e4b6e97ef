import type { EventStore } from './event-store.port';
import { KurrentDbEventStore } from './kurrentdb-event-store';
import { MemoryEventStore } from './memory-event-store';
import { SqliteEventStore } from './sqlite-event-store';

export interface EventStoreConfig {
  kind: 'sqlite' | 'eventstoredb' | 'memory';
  /** The database file; required for sqlite. */
  sqlitePath?: string;
  /** e.g. `esdb://127.0.0.1:2113?tls=false`; required for eventstoredb. */
  connectionString?: string;
  /** eventstoredb only: the longest any call may take before it fails as unavailable. */
  timeoutMs?: number;
}

export function createEventStore(config: EventStoreConfig): EventStore {
  switch (config.kind) {
    case 'sqlite':
      if (!config.sqlitePath) throw new Error('The sqlite event store needs sqlitePath');
      return new SqliteEventStore(config.sqlitePath);
    case 'eventstoredb':
      if (!config.connectionString) throw new Error('The eventstoredb event store needs connectionString');
      return new KurrentDbEventStore(config.connectionString, { timeoutMs: config.timeoutMs });
    case 'memory':
      return new MemoryEventStore();
  }
}
