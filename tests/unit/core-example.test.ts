/** The library's Node example (examples/check-image.mjs) runs against `license-lens/core` as a user imports it. */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const ROOT = new URL('../../', import.meta.url).pathname;

async function example(...argv: string[]): Promise<{ code: number; stdout: string }> {
  // The "development" export condition maps license-lens/core to its TypeScript source (package.json "exports").
  const args = ['--import', 'tsx', '--conditions=development', 'examples/check-image.mjs', ...argv];
  try {
    const { stdout } = await promisify(execFile)(process.execPath, args, { cwd: ROOT, timeout: 90_000 });
    return { code: 0, stdout };
  } catch (e) {
    const err = e as { code: number; stdout: string };
    return { code: err.code, stdout: err.stdout };
  }
}

describe('license-lens/core Node example', { timeout: 200_000 }, () => {
  it('flags a mirrored copy as unlicensed, licensed on the licensee site, and clears an unrelated image', async () => {
    const hit = await example('public/demo-list.json', 'demo/images/astronaut-mirrored.jpg');
    expect(hit.code).toBe(1);
    expect(hit.stdout).toMatch(/Portrait Muse by Lin Yue \(demo creator\) \(\d+% similar\): unlicensed\n {2}changed: mirrored/);
    const licensed = await example('public/demo-list.json', 'demo/images/astronaut-mirrored.jpg', 'studio.example');
    expect(licensed.code).toBe(0);
    expect(licensed.stdout).toMatch(/: licensed\n/);
    const clear = await example('public/demo-list.json', 'demo/images/coffee.jpg');
    expect(clear).toEqual({ code: 0, stdout: 'demo/images/coffee.jpg: no registered work matches; go ahead.\n' });
  });
});
