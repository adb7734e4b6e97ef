import { spawn, type ChildProcess } from 'node:child_process';
import { ENTRY, ROOT, waitFor } from './engine-process';

/** The built CLI running in the background (tail), for tests that talk to it while it runs. */
export class CliProcess {
  stdout = '';
  stderr = '';
  private readonly exited: Promise<number | null>;

  private constructor(private readonly child: ChildProcess) {
    child.stdout!.on('data', (chunk: Buffer) => (this.stdout += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
    this.exited = new Promise((done) => child.once('exit', (code) => done(code)));
  }

  static start(args: string[], env: Record<string, string>): CliProcess {
    return new CliProcess(
      spawn(process.execPath, [ENTRY.cli, ...args], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] }),
    );
  }

  async waitForStdout(pattern: RegExp, timeoutMs = 15000) {
    await waitFor(() => pattern.test(this.stdout), timeoutMs, () => `${pattern} not printed; stdout:\n${this.stdout}\nstderr:\n${this.stderr}`);
  }

  async waitForStderr(pattern: RegExp, timeoutMs = 15000) {
    await waitFor(() => pattern.test(this.stderr), timeoutMs, () => `${pattern} not printed on stderr:\n${this.stderr}`);
  }

  /** Sends the signal and resolves with the exit code. */
  async stop(signal: NodeJS.Signals): Promise<number | null> {
    if (this.child.exitCode === null) this.child.kill(signal);
    return this.exited;
  }
}
