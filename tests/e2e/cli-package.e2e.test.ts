/**
 * The creator CLI as a creator installs it, outside any clone: `npm pack`, then `npm install -g` of the tarball into
 * an empty prefix, then the installed `license-lens` runs from an empty folder. No browser: it is here because it is
 * slow (a build and an install from the registry) and end-to-end.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = new URL('../../', import.meta.url).pathname;
const exec = promisify(execFile);

async function run(file: string, args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await exec(file, args, { cwd, timeout: 60_000 });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

describe('the packed CLI on a machine without the clone', () => {
  const dir = mkdtempSync(join(tmpdir(), 'll-pack-'));
  const prefix = join(dir, 'prefix');
  const work = mkdtempSync(join(dir, 'cwd-'));
  const installed = join(prefix, 'lib/node_modules/license-lens');
  const bin = join(prefix, 'bin/license-lens');
  let installLog = '';

  beforeAll(async () => {
    // prepack compiles the CLI into dist-cli/ first.
    const { stdout } = await exec('npm', ['pack', '--json', '--pack-destination', dir], { cwd: ROOT, timeout: 240_000 });
    const [packed] = JSON.parse(stdout) as [{ filename: string }];
    const install = await exec('npm', ['install', '-g', '--prefix', prefix, '--no-fund', '--no-audit', '--prefer-offline', join(dir, packed.filename)], { cwd: work, timeout: 240_000 });
    installLog = install.stdout + install.stderr;
  }, 480_000);

  it('installs without an engine warning on this Node', () => {
    expect(installLog).toMatch(/added \d+ packages/);
    expect(installLog).not.toMatch(/EBADENGINE/);
  });

  it('installs compiled JavaScript only: no sources, no TypeScript loader', () => {
    expect(existsSync(join(installed, 'dist-cli/cli.mjs'))).toBe(true);
    expect(existsSync(join(installed, 'src'))).toBe(false);
    expect(existsSync(join(installed, 'node_modules/tsx'))).toBe(false);
    expect(existsSync(join(installed, 'node_modules/sharp'))).toBe(true);
  });

  it('prints its usage', async () => {
    const r = await run(bin, ['--help'], work);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(r.stdout).toMatch(/^license-lens <command> \[options\][\s\S]*check <image-file-or-URL> --list list\.json/);
  });

  it('verifies a signed list and checks an image against it', async () => {
    const list = join(ROOT, 'public/demo-list.json');
    const verify = await run(bin, ['verify', list], work);
    expect(verify.stdout).toMatch(/^valid signed list "License Lens demo list"[\s\S]*1 models, 3 works/);
    expect(verify.code).toBe(0);
    const check = await run(bin, ['check', join(ROOT, 'demo/images/astronaut.jpg'), '--list', list], work);
    expect(check.stdout).toMatch(/1 match in "License Lens demo list"\n {2}astronaut: Portrait Muse v2 by Lin Yue \(demo creator\), verdict unlicensed\n {4}100% similar \(aligned detail comparison\) · identical to the registered file/);
    expect(check.code).toBe(0);
  });
});
