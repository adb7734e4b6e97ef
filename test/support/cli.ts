import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { ENTRY, ROOT } from './engine-process';

const run = promisify(execFile);

/** Runs the built CLI against an engine's store; resolves with its exit code and output. */
export async function cli(args: string[], env: Record<string, string>) {
  try {
    const { stdout, stderr } = await run(process.execPath, [ENTRY.cli, ...args], { cwd: ROOT, env: { ...process.env, ...env } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

export async function historyOf(volumeId: string, env: Record<string, string>) {
  const result = await cli(['history', volumeId, '--json'], env);
  if (result.code !== 0) throw new Error(`history failed (${result.code}): ${result.stderr}`);
  return JSON.parse(result.stdout) as Array<{ type: string; request_id: string; actor: string; service: boolean }>;
}
