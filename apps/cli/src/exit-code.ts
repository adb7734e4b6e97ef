/** What scripts can rely on; docs/audit.md lists them per command. */
export const ExitCode = {
  Ok: 0,
  /** Something failed: the store or Redis unreachable, a bad setting, an unexpected error. */
  Error: 1,
  /** The command line was wrong; the usage is printed. */
  Usage: 2,
  /** The volume (or the revision or time asked for) is not in the log. */
  NotFound: 3,
  /** The command ran and found problems: drift or broken invariants (verify), stuck volumes (stuck). */
  Findings: 4,
} as const;

export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** A failure the user can act on; its message is printed without a stack trace. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCode,
  ) {
    super(message);
  }
}

export const usageError = (message: string) => new CliError(message, ExitCode.Usage);
export const notFound = (message: string) => new CliError(message, ExitCode.NotFound);
