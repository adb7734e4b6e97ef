import { createEventStore } from './create-event-store';
import { MemoryEventStore } from './memory-event-store';

describe('createEventStore', () => {
  it('creates an in-memory store', () => {
    expect(createEventStore({ kind: 'memory' })).toBeInstanceOf(MemoryEventStore);
  });

  it('refuses sqlite without a file path', () => {
    expect(() => createEventStore({ kind: 'sqlite' })).toThrow('sqlitePath');
  });

  it('refuses eventstoredb without a connection string', () => {
    expect(() => createEventStore({ kind: 'eventstoredb' })).toThrow('connectionString');
  });
});
