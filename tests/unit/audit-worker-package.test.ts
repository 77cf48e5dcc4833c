/**
 * The package's decoding thread (dist-cli/audit-worker.mjs, vite.cli.config.ts): it loads the modules fingerprinting
 * needs, not the whole matcher (the detail stages build tables when they load), and it decodes as the main thread does.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeTask, type DecodeReply } from '../../src/cli/audit/decode-task.js';

const ROOT = new URL('../../', import.meta.url).pathname;
// Inside the project, so the package's own imports (sharp) resolve from its node_modules as in an install.
mkdirSync(join(ROOT, '.scratch'), { recursive: true });
const out = mkdtempSync(join(ROOT, '.scratch', 'cli-build-'));
const IMAGE = join(ROOT, 'demo', 'images', 'astronaut.jpg');

/** The chunks a file loads, itself included, by their static imports. */
function loaded(file: string, seen = new Map<string, string>()): Map<string, string> {
  if (seen.has(file)) return seen;
  const code = readFileSync(join(out, file), 'utf8');
  seen.set(file, code);
  for (const m of code.matchAll(/^import (?:[^;]*? from )?"\.\/([^"]+)"/gm)) loaded(m[1]!, seen);
  return seen;
}

beforeAll(async () => {
  await build({ configFile: join(ROOT, 'vite.cli.config.ts'), logLevel: 'silent', build: { outDir: out, emptyOutDir: true } });
}, 120_000);
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('packaged audit worker', () => {
  it("loads the fingerprinting modules and leaves out the matcher's", () => {
    const code = [...loaded('audit-worker.mjs').values()].join('\n');
    // rolldown names each module it bundles in a comment.
    expect(code).toContain('// src/lib/match/hash/query.ts');
    expect(code).toContain('// src/lib/genmeta/index.ts');
    expect(code).not.toContain('// src/lib/match/matcher.ts');
    expect(code).not.toContain('// src/lib/match/detail/redraw-bound.ts');
    expect(code).not.toContain('// src/lib/match/detail/rotate/detail-rotate.ts');
    // The build still holds the matcher, for the command line and the library.
    expect(readdirSync(out).map((f) => readFileSync(join(out, f), 'utf8')).join('\n')).toContain('// src/lib/match/matcher.ts');
  });

  it('decodes an image to the query the main thread makes', async () => {
    const w = new Worker(new URL(`file://${join(out, 'audit-worker.mjs')}`));
    try {
      const reply = new Promise<DecodeReply>((done, fail) => {
        w.once('message', done);
        w.once('error', fail);
      });
      w.postMessage({ id: 7, path: IMAGE, hash: true });
      expect(await reply).toEqual(await decodeTask({ id: 7, path: IMAGE, hash: true }));
    } finally {
      await w.terminate();
    }
  }, 60_000);
});
