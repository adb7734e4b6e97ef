import type { ParseArgsConfig } from 'node:util';
import type { CliResources } from './cli-resources';
import type { ExitCode } from './exit-code';

export type OptionSpec = NonNullable<ParseArgsConfig['options']>;
export type OptionValues = Record<string, string | boolean | Array<string | boolean> | undefined>;

/** Where a command writes: stdout for results, stderr for progress and messages. */
export interface CliOutput {
  out: NodeJS.WritableStream;
  err: NodeJS.WritableStream & { isTTY?: boolean };
}

export interface CliInvocation extends CliOutput {
  positionals: string[];
  values: OptionValues;
  resources: CliResources;
  /** Aborted on SIGINT for commands that run until interrupted. */
  signal: AbortSignal;
}

export interface CliCommand {
  name: string;
  /** One line for the command list. */
  summary: string;
  /** The full `--help` text. */
  help: string;
  options: OptionSpec;
  /** Runs until SIGINT (tail): the interrupt is a normal way to end it, not a kill. */
  untilInterrupted?: boolean;
  run(invocation: CliInvocation): Promise<ExitCode>;
}

/** Options every command accepts. */
export const COMMON_OPTIONS: OptionSpec = {
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
};

/** Options of the commands that read the whole log. */
export const PROGRESS_OPTION: OptionSpec = { progress: { type: 'boolean' } };
