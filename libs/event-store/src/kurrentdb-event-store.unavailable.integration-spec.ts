import { createServer, type Server, type Socket } from 'node:net';
import { randomUUID } from 'node:crypto';
import { createEventStore } from './create-event-store';
import { EventStoreUnavailableError, type EventStore } from './event-store.port';

/**
 * What the adapter does when EventStoreDB cannot be reached. These need no server, so unlike the
 * contract they always run.
 */
describe('KurrentDbEventStore when the server is unavailable', () => {
  const event = () => ({ id: randomUUID(), type: 'VolumeCreated', data: {}, metadata: {} });
  let store: EventStore;

  async function elapsedUntilRejected(work: Promise<unknown>): Promise<number> {
    const started = Date.now();
    await expect(work).rejects.toBeInstanceOf(EventStoreUnavailableError);
    return Date.now() - started;
  }

  afterEach(async () => {
    await store.close();
  });

  describe('nothing listens on the port (connection refused)', () => {
    const timeoutMs = 5000;

    beforeEach(async () => {
      store = createEventStore({
        kind: 'eventstoredb',
        connectionString: `kurrentdb://127.0.0.1:${await closedPort()}?tls=false`,
        timeoutMs,
      });
    });

    // Well under timeoutMs: the refusal itself is recognised, not the app-level timeout.
    it('fails an append at once', async () => {
      expect(await elapsedUntilRejected(store.append('volume-1', [event()], 'no_stream'))).toBeLessThan(2000);
    });

    it('fails reads at once', async () => {
      expect(await elapsedUntilRejected(store.readStream('volume-1'))).toBeLessThan(2000);
      expect(await elapsedUntilRejected(store.streamRevision('volume-1'))).toBeLessThan(2000);
      expect(await elapsedUntilRejected(store.readAll({ maxCount: 10 }))).toBeLessThan(2000);
    });

    it('fails a subscription at once', async () => {
      const events = store.subscribe()[Symbol.asyncIterator]();
      expect(await elapsedUntilRejected(events.next())).toBeLessThan(2000);
    });
  });

  describe('the port accepts connections but never answers', () => {
    const timeoutMs = 500;
    let silent: SilentServer;

    beforeEach(async () => {
      silent = await listenSilently();
      store = createEventStore({
        kind: 'eventstoredb',
        connectionString: `kurrentdb://127.0.0.1:${silent.port}?tls=false`,
        timeoutMs,
      });
    });

    afterEach(async () => {
      await silent.close();
    });

    it('fails an append after the timeout instead of hanging', async () => {
      const elapsed = await elapsedUntilRejected(store.append('volume-1', [event()], 'no_stream'));
      expect(elapsed).toBeGreaterThanOrEqual(timeoutMs - 50);
      expect(elapsed).toBeLessThan(timeoutMs + 1500);
      expect(silent.connections()).toBeGreaterThan(0);
    });

    it('fails a read after the timeout instead of hanging', async () => {
      const elapsed = await elapsedUntilRejected(store.readStream('volume-1'));
      expect(elapsed).toBeLessThan(timeoutMs + 1500);
    });

    it('fails a subscription the server does not confirm', async () => {
      const subscription = store.subscribe();
      const elapsed = await elapsedUntilRejected(subscription[Symbol.asyncIterator]().next());
      expect(elapsed).toBeLessThan(timeoutMs + 1500);
    });

    it('closes without waiting for the server', async () => {
      store.subscribe();
      const started = Date.now();
      await store.close();
      expect(Date.now() - started).toBeLessThan(timeoutMs * 2 + 500);
    });
  });
});

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

interface SilentServer {
  port: number;
  connections: () => number;
  close: () => Promise<void>;
}

/** A TCP listener that accepts and never says a word, like a hung server or a wrong service. */
async function listenSilently(): Promise<SilentServer> {
  const sockets = new Set<Socket>();
  let accepted = 0;
  const server: Server = createServer((socket) => {
    accepted += 1;
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as { port: number }).port,
    connections: () => accepted,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
