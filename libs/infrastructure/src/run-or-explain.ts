import { Logger } from '@nestjs/common';
import { ConfigError } from '@app/config';
import { PolicyFileError } from '@app/policy';

/**
 * Starts a process; a start-up failure prints one line an operator can act on (a bad setting is
 * named) and exits non-zero instead of a stack trace.
 */
export function runOrExplain(name: string, start: () => Promise<unknown>) {
  // Through a promise, so a synchronous throw (a bad setting read on the way in) is explained too.
  Promise.resolve().then(start).catch((error: unknown) => {
    const message =
      error instanceof ConfigError
        ? `${error.message}. Fix the setting and start again.`
        : error instanceof PolicyFileError
        ? `Invalid policy file (POLICY_FILE): ${error.message}. Fix the file and start again.`
        : `${name} failed to start: ${(error as Error)?.message ?? String(error)}`;
    new Logger(name).error(message);
    process.exitCode = 1;
    // Open connections (Redis retrying) would keep the process alive.
    setTimeout(() => process.exit(1), 100).unref();
  });
}
