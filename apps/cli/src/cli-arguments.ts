import { parseArgs } from 'node:util';
import { COMMON_OPTIONS, type CliCommand, type OptionValues } from './cli-command';
import { usageError } from './exit-code';

export interface ParsedArguments {
  positionals: string[];
  values: OptionValues;
}

export const wantsHelp = (args: readonly string[]) => args.includes('--help') || args.includes('-h');

/** The command's arguments, strictly: an unknown option or a missing value is a usage error. */
export function parseCommandArguments(command: CliCommand, args: string[]): ParsedArguments {
  try {
    const { positionals, values } = parseArgs({
      args,
      options: { ...COMMON_OPTIONS, ...command.options },
      allowPositionals: true,
      strict: true,
    });
    return { positionals, values };
  } catch (error) {
    if (String((error as { code?: string }).code).startsWith('ERR_PARSE_ARGS')) throw usageError((error as Error).message);
    throw error;
  }
}

/** The one positional a command needs, or a usage error naming it. */
export function onePositional(positionals: string[], name: string): string {
  if (positionals.length !== 1) {
    throw usageError(positionals.length ? `Expected one ${name}, got ${positionals.length}` : `${name} is required`);
  }
  return positionals[0];
}

export function noPositionals(positionals: string[]): void {
  if (positionals.length) throw usageError(`Unexpected argument "${positionals[0]}"`);
}

export const stringOption = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
