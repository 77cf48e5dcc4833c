/** The built CLI (`bin/license-lens.mjs`) run as a user runs it: its exit code and both streams, never a throw. */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

export const CLI_BIN = new URL('../../../bin/license-lens.mjs', import.meta.url).pathname;

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export async function runCli(argv: readonly string[], timeout = 60_000): Promise<CliRun> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [CLI_BIN, ...argv], { timeout });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}
