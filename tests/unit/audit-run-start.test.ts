/**
 * When the folder audit starts its decoding threads (run-audit.ts): with nothing cached every image is decoded, so
 * the threads start while the folder is still being listed, and are closed however the run ends; with a cache
 * that holds entries they start only when an image needs decoding.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Checker } from '../../src/core/index.js';
import type { FoundImage } from '../../src/cli/audit/find-images.js';
import { CACHE_FORMAT } from '../../src/cli/audit/fingerprint-cache.js';

const seen = vi.hoisted(() => ({ pools: [] as Array<{ size: number; closed: boolean }>, listing: undefined as undefined | ((r: FoundImage[] | Error) => void) }));

vi.mock('../../src/cli/audit/find-images.js', () => ({
  findImages: () =>
    new Promise<FoundImage[]>((done, fail) => {
      seen.listing = (r) => (r instanceof Error ? fail(r) : done(r));
    }),
}));
vi.mock('../../src/cli/audit/decode-pool.js', () => ({
  DecodePool: class {
    private readonly me: { size: number; closed: boolean };
    constructor(size: number) {
      this.me = { size, closed: false };
      seen.pools.push(this.me);
    }
    close() {
      this.me.closed = true;
      return Promise.resolve();
    }
  },
}));

const { runAudit } = await import('../../src/cli/audit/run-audit.js');
/** No image reaches it: the listings here are empty or fail. */
const checker = { content: { works: [] } } as unknown as Checker;

beforeEach(() => {
  seen.pools.length = 0;
  seen.listing = undefined;
});

describe('audit decoding threads', () => {
  it('start while the folder is listed when nothing is cached, and close when the run ends', async () => {
    const run = runAudit(checker, { folder: 'site', jobs: 2 });
    await expect.poll(() => seen.listing).toBeDefined();
    await expect.poll(() => seen.pools).toEqual([{ size: 2, closed: false }]);
    seen.listing!([]);
    expect((await run).items).toEqual([]);
    expect(seen.pools).toEqual([{ size: 2, closed: true }]);
  });

  it('close when the listing fails', async () => {
    const run = runAudit(checker, { folder: 'site', jobs: 3 });
    await expect.poll(() => seen.pools.length).toBe(1);
    seen.listing!(new Error('EACCES: site'));
    await expect(run).rejects.toThrow('EACCES');
    expect(seen.pools).toEqual([{ size: 3, closed: true }]);
  });

  it('do not start early with one decoder, nor with a cache that holds entries', async () => {
    const one = runAudit(checker, { folder: 'site', jobs: 1 });
    await expect.poll(() => seen.listing).toBeDefined();
    seen.listing!([]);
    await one;
    const cache = mkdtempSync(join(tmpdir(), 'll-audit-start-'));
    writeFileSync(join(cache, `fingerprints-v${CACHE_FORMAT}.jsonl`), `${JSON.stringify({ k: 'x', h: 'h', q: { fingerprint: 'f', quality: 50 } })}\n`);
    seen.listing = undefined;
    const cached = runAudit(checker, { folder: 'site', jobs: 2, cache });
    await expect.poll(() => seen.listing).toBeDefined();
    seen.listing!([]);
    expect((await cached).cacheEntries).toBe(1);
    expect(seen.pools).toEqual([]);
  });
});
