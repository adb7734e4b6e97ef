import { describeEventStoreContract } from './event-store.contract';
import { KurrentDbEventStore } from './kurrentdb-event-store';

const connectionString = process.env.EVENTSTORE_CONNECTION_STRING ?? '';

// No EventStoreDB server can run on the machine this suite was written on, so without
// EVENTSTORE_CONNECTION_STRING (e.g. esdb://127.0.0.1:2113?tls=false) the contract is registered
// as skipped and the output says why; a skipped count alone would hide that the adapter is
// unverified. The failure-mode tests in kurrentdb-event-store.unavailable.integration-spec.ts
// need no server and always run.
// Straight to stderr: jest drops the buffered console output of a file whose tests all skipped.
if (!connectionString) {
  process.stderr.write(
    '\nEventStoreDB contract suite SKIPPED: EVENTSTORE_CONNECTION_STRING is not set ' +
      '(no EventStoreDB server can run on this machine; set it to esdb://HOST:2113?tls=false to run it)\n\n',
  );
}
const describeWithServer = connectionString ? describe : describe.skip;

describeWithServer('against the server at EVENTSTORE_CONNECTION_STRING', () => {
  describeEventStoreContract('KurrentDbEventStore', async () => {
    const store = new KurrentDbEventStore(connectionString);
    return {
      store,
      reopen: async () => new KurrentDbEventStore(connectionString),
      // Streams are unique per test, so a shared server needs no clean-up beyond closing.
      cleanup: () => store.close(),
    };
  });
});
