import type { CliCommand } from './cli-command';
import { exportCommand } from './commands/export.command';
import { historyCommand } from './commands/history.command';
import { rebuildCommand } from './commands/rebuild.command';
import { stateCommand } from './commands/state.command';
import { stuckCommand } from './commands/stuck.command';
import { tailCommand } from './commands/tail.command';
import { verifyCommand } from './commands/verify.command';

export const COMMANDS: readonly CliCommand[] = [
  historyCommand,
  stateCommand,
  tailCommand,
  exportCommand,
  verifyCommand,
  rebuildCommand,
  stuckCommand,
];

export const USAGE = `Usage: cinder-engine <command> [options]

Commands:
${COMMANDS.map((c) => `  ${c.name.padEnd(9)}${c.summary}`).join('\n')}

\`cinder-engine <command> --help\` describes a command. Tables are for people; --json is for
programs. The commands read the engine's own settings (EVENT_STORE, DATA_DIR,
EVENTSTORE_CONNECTION_STRING, REDIS_URL, QUEUE_PREFIX), so they see what it sees.

Exit codes: 0 ok, 1 error, 2 bad usage, 3 not found, 4 problems found (verify, stuck).`;
