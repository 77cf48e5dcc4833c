/**
 * The folder audit's cache (run-audit.ts, fingerprint-cache.ts): a file whose stamp changed but whose bytes did not
 * is not decoded again (a fresh checkout in CI), a changed file is; the matcher's findings are kept under the works'
 * digest, so a second run with the same lists searches nothing and gives the same verdicts, and other lists search again.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { Checker, mergeLists } from '../../src/core/index.js';
import { verifyList } from '../../src/lib/list/index.js';
import { decodeForHash } from '../../src/node/decode.js';
import { runAudit } from '../../src/cli/audit/run-audit.js';

const DEMO = new URL('../../demo/images/', import.meta.url).pathname;
const LIST = new URL('../../public/demo-list.json', import.meta.url).pathname;

async function demoChecker(): Promise<Checker> {
  const v = await verifyList(readFileSync(LIST, 'utf8'));
  if (!v.ok) throw new Error(v.error);
  return new Checker(mergeLists([v.list]), decodeForHash);
}

describe('audit cache', { timeout: 200_000 }, () => {
  it('finds a touched file by its bytes, decodes a changed one, and keeps the findings for the same works', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'll-audit-cache-'));
    const folder = join(dir, 'site');
    mkdirSync(folder);
    copyFileSync(join(DEMO, 'astronaut-altered.jpg'), join(folder, 'hero.jpg'));
    copyFileSync(join(DEMO, 'coffee.jpg'), join(folder, 'coffee.jpg'));
    const cache = join(dir, 'cache');
    const checker = await demoChecker();
    const found = vi.spyOn(checker, 'found');
    const first = await runAudit(checker, { folder, cache, jobs: 1 });
    expect(first.items.map((i) => [i.file, i.status, i.cached])).toEqual([
      ['coffee.jpg', 'clear', undefined],
      ['hero.jpg', 'matched', undefined],
    ]);
    expect(found).toHaveBeenCalledTimes(2);

    // Same files, same works: nothing decoded, nothing searched, the same verdict records.
    found.mockClear();
    const second = await runAudit(checker, { folder, cache, jobs: 1 });
    expect(found).not.toHaveBeenCalled();
    expect(second.items.map(({ cached: _cached, ...rest }) => rest)).toEqual(first.items);
    expect(second.items.every((i) => i.cached)).toBe(true);

    // A new modification time (a fresh checkout) with the same bytes: from the cache; other bytes: decoded.
    utimesSync(join(folder, 'hero.jpg'), new Date(), new Date(Date.now() + 5000));
    copyFileSync(join(DEMO, 'chelsea.jpg'), join(folder, 'coffee.jpg'));
    const third = await runAudit(checker, { folder, cache, jobs: 1 });
    expect(third.items.map((i) => [i.file, i.status, !!i.cached])).toEqual([
      ['coffee.jpg', 'matched', false], // now chelsea, a registered work
      ['hero.jpg', 'matched', true],
    ]);

    // Other works (another checker over other lists): the cached queries are searched again, none decoded.
    const other = new Checker(mergeLists([]), decodeForHash);
    const otherFound = vi.spyOn(other, 'found');
    const fourth = await runAudit(other, { folder, cache, jobs: 1 });
    expect(otherFound).toHaveBeenCalledTimes(2);
    expect(fourth.items.map((i) => [i.file, i.status, i.cached])).toEqual([
      ['coffee.jpg', 'clear', true],
      ['hero.jpg', 'clear', true],
    ]);
  });
});
