#!/usr/bin/env node
import { join } from 'node:path';
import { ConfigError, loadConfig } from '@app/config';
import { createEventStore } from '@app/event-store';
import { volumeStreamId } from '@app/volume-commands';
import { formatTable, historyRows } from './history';

const USAGE = `Usage: cinder-engine <command> [options]

Commands:
  history VOLUME_ID [--json]   Every event of a volume: time, type, actor, request id, status before -> after.

Reads the same event store as the engine (EVENT_STORE, DATA_DIR, EVENTSTORE_CONNECTION_STRING).
Exit codes: 0 ok, 1 error, 2 bad usage, 3 volume not found.`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return command ? 0 : 2;
  }
  if (command !== 'history') {
    process.stderr.write(`Unknown command "${command}".\n\n${USAGE}\n`);
    return 2;
  }
  if (rest.includes('--help')) {
    process.stdout.write('Usage: cinder-engine history VOLUME_ID [--json]\n');
    return 0;
  }
  const volumeId = rest.find((a) => !a.startsWith('--'));
  if (!volumeId) {
    process.stderr.write('history needs a VOLUME_ID.\n');
    return 2;
  }
  const config = loadConfig();
  const store = createEventStore({
    kind: config.eventStore,
    sqlitePath: join(config.dataDir, 'events.sqlite'),
    connectionString: config.eventStoreConnectionString ?? undefined,
  });
  try {
    const events = await store.readStream(volumeStreamId(volumeId));
    if (events.length === 0) {
      process.stderr.write(`Volume ${volumeId} has no events in the event store at ${config.dataDir}.\n`);
      return 3;
    }
    const rows = historyRows(events);
    process.stdout.write(rest.includes('--json') ? `${JSON.stringify(rows, null, 2)}\n` : `${formatTable(rows)}\n`);
    return 0;
  } finally {
    await store.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`${error instanceof ConfigError ? error.message : `history failed: ${(error as Error).message}`}\n`);
    process.exitCode = 1;
  },
);
