import { ConfigError } from '@app/config';
import { EventStoreUnavailableError } from '@app/event-store';
import { parseCommandArguments, wantsHelp } from './cli-arguments';
import type { CliOutput } from './cli-command';
import { COMMANDS, USAGE } from './cli-commands';
import { CliResources } from './cli-resources';
import { CliError, ExitCode } from './exit-code';

/** Runs one command line to its exit code; every failure is a message on stderr, never a stack trace. */
export async function runCli(argv: string[], io: CliOutput, signal: AbortSignal, resources = new CliResources()): Promise<ExitCode> {
  const [name, ...args] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    const command = COMMANDS.find((c) => c.name === args[0]);
    io.out.write(`${command ? command.help : USAGE}\n`);
    return name === undefined ? ExitCode.Usage : ExitCode.Ok;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    io.err.write(`Unknown command "${name}".\n\n${USAGE}\n`);
    return ExitCode.Usage;
  }
  if (wantsHelp(args)) {
    io.out.write(`${command.help}\n`);
    return ExitCode.Ok;
  }
  try {
    const { positionals, values } = parseCommandArguments(command, args);
    return await command.run({ ...io, positionals, values, resources, signal });
  } catch (error) {
    return explain(error, command.help, io);
  } finally {
    await resources.close();
  }
}

function explain(error: unknown, help: string, { err }: CliOutput): ExitCode {
  if (error instanceof CliError) {
    err.write(`${error.message}\n${error.exitCode === ExitCode.Usage ? `\n${help}\n` : ''}`);
    return error.exitCode;
  }
  // The reader of a pipe (`| head`) went away: it has all it wanted.
  if ((error as NodeJS.ErrnoException)?.code === 'EPIPE') return ExitCode.Ok;
  const message =
    error instanceof ConfigError
      ? `${error.message}. Fix the setting and try again.`
      : error instanceof EventStoreUnavailableError
        ? `The event store is unavailable: ${error.message}`
        : `Failed: ${(error as Error)?.message ?? String(error)}`;
  err.write(`${message}\n`);
  return ExitCode.Error;
}
