/** A clone's decoding-thread bundle (worker-bundle.ts): built from the sources, kept while they are unchanged. */
import { readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';

const ROOT = new URL('../../', import.meta.url);
const { stampFor } = await import('../../src/cli/audit/worker-bundle.js');
const STAMP = stampFor(ROOT);
const fresh = async () => {
  vi.resetModules();
  return (await import('../../src/cli/audit/worker-bundle.js')).workerEntry();
};

describe('audit worker bundle', () => {
  it('bundles the decoding thread, keeps it while no source changed, and builds it again when one did', async () => {
    const first = await fresh();
    expect(first?.pathname).toMatch(/audit-worker-[0-9a-f]{16}\.mjs$/);
    const stamp = JSON.parse(readFileSync(STAMP, 'utf8')) as { file: string; inputs: Record<string, [number, number]> };
    expect(Object.keys(stamp.inputs)).toContain('src/cli/audit/decode-task.ts');
    expect(Object.keys(stamp.inputs)).toContain('src/cli/audit/worker-bundle.ts');
    expect(Object.keys(stamp.inputs).some((f) => f.startsWith('src/lib/match/'))).toBe(true);
    // Unchanged sources: the stamp is not written again.
    const written = statSync(STAMP).mtimeMs;
    expect((await fresh())?.href).toBe(first?.href);
    expect(statSync(STAMP).mtimeMs).toBe(written);
    // A source whose recorded time no longer matches (an edit): built again, and the stamp holds its real time.
    stamp.inputs['src/cli/audit/decode-task.ts']![1] -= 1000;
    writeFileSync(STAMP, JSON.stringify(stamp));
    expect((await fresh())?.href).toBe(first?.href);
    const again = JSON.parse(readFileSync(STAMP, 'utf8')) as typeof stamp;
    expect(again.inputs['src/cli/audit/decode-task.ts']![1]).toBe(statSync(new URL('../../src/cli/audit/decode-task.ts', import.meta.url)).mtimeMs);
  });

  it("builds again from a stamp that does not list the builder (an older builder's bundle, made another way)", async () => {
    await fresh();
    const stamp = JSON.parse(readFileSync(STAMP, 'utf8')) as { file: string; inputs: Record<string, [number, number]> };
    delete stamp.inputs['src/cli/audit/worker-bundle.ts'];
    writeFileSync(STAMP, JSON.stringify(stamp));
    await fresh();
    expect(Object.keys((JSON.parse(readFileSync(STAMP, 'utf8')) as typeof stamp).inputs)).toContain('src/cli/audit/worker-bundle.ts');
  });

  it("leaves out the matcher's modules the thread does not use (the detail stages build tables when they load)", async () => {
    const file = await fresh();
    const code = readFileSync(file!, 'utf8');
    // esbuild names each module it bundles in a comment.
    expect(code).toContain('// src/lib/match/hash/query.ts');
    expect(code).toContain('// src/lib/genmeta/index.ts');
    expect(code).not.toContain('// src/lib/match/detail/redraw-bound.ts');
    expect(code).not.toContain('// src/lib/match/detail/rotate/detail-rotate.ts');
    // Still rebuilt when one of them changes: the stamp lists every source esbuild read.
    const stamp = JSON.parse(readFileSync(STAMP, 'utf8')) as { inputs: Record<string, unknown> };
    expect(Object.keys(stamp.inputs)).toContain('src/lib/match/detail/redraw-bound.ts');
  });

  it('keeps one stamp per source tree, so worktrees sharing node_modules do not rebuild each other\'s bundle', async () => {
    await fresh();
    const other = stampFor(new URL('file:///elsewhere/clone/'));
    expect(other.href).not.toBe(STAMP.href);
    expect(new URL('.', other).href).toBe(new URL('.', STAMP).href);
    // Another tree's stamp (its own sources' times) leaves this tree's bundle kept: no rebuild, the stamp not rewritten.
    writeFileSync(other, JSON.stringify({ file: 'audit-worker-0000000000000000.mjs', inputs: { 'src/cli/audit/decode-task.ts': [1, 1] } }));
    const written = statSync(STAMP).mtimeMs;
    await fresh();
    expect(statSync(STAMP).mtimeMs).toBe(written);
    rmSync(other);
  });
});
