#!/usr/bin/env node
import { COMMANDS } from './cli-commands';
import { runCli } from './run-cli';

const interrupted = new AbortController();
const argv = process.argv.slice(2);
// Only a command that runs until interrupted treats Ctrl-C as its normal end; the others keep
// Node's default, which stops them at once.
if (COMMANDS.find((c) => c.name === argv[0])?.untilInterrupted) {
  process.once('SIGINT', () => interrupted.abort());
  process.once('SIGTERM', () => interrupted.abort());
}
// Writing to a closed pipe fails the write in progress (handled there), not the process.
process.stdout.on('error', () => undefined);

runCli(argv, { out: process.stdout, err: process.stderr }, interrupted.signal).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`Failed: ${(error as Error)?.message ?? String(error)}\n`);
    process.exitCode = 1;
  },
);
