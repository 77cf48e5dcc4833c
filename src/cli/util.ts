/** Small helpers shared by the CLI commands. */
import { readFile } from 'node:fs/promises';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { fromBackup, type KeyPairInfo } from '../lib/list/index.js';

/** An error whose message is the whole story: printed without a stack. */
export class CliError extends Error {}

export function args<T extends NonNullable<ParseArgsConfig['options']>>(argv: string[], options: T) {
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (e) {
    throw new CliError(e instanceof Error ? e.message : String(e));
  }
}

export async function readText(path: string, what: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (e) {
    throw new CliError(`cannot read ${what} ${path}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
}

export async function readKey(path: string | undefined): Promise<KeyPairInfo> {
  if (!path) throw new CliError('--key key.json is required (make one with: license-lens keygen --out key.json)');
  try {
    return await fromBackup(await readText(path, 'key file'));
  } catch (e) {
    throw new CliError(e instanceof Error ? e.message : String(e));
  }
}
