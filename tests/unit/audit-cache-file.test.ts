/**
 * The audit cache's file (fingerprint-cache.ts): a first run's lines are already the file, so finishing it rewrites
 * nothing; a replaced or dropped entry's line does make it rewrite; a line cut off by a kill neither swallows the
 * next line appended nor survives the next finished run.
 */
import { appendFileSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type CacheEntry, FingerprintCache, type FileStamp } from '../../src/cli/audit/fingerprint-cache.js';

const folder = '/site';
const stamp = (name: string, mtimeMs = 1): FileStamp => ({ path: `${folder}/${name}`, size: 10, mtimeMs, ino: 1 });
const entry = (hash: string): CacheEntry => ({ hash, query: { fingerprint: `fp-${hash}`, quality: 50 } });
const lines = (file: string) => readFileSync(file, 'utf8').split('\n').filter(Boolean);

describe('audit cache file', () => {
  it('finds by content what the cache held when opened, not an entry put in this run', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'll-cache-file-'));
    const c = await FingerprintCache.open(dir);
    c.put(stamp('a.jpg'), entry('a'));
    // A copy of a.jpg reached in the same run: decoded, whichever of the two the decoders finished first.
    expect(c.byContent('a')).toBeUndefined();
    await c.compact(folder);
    expect((await FingerprintCache.open(dir)).byContent('a')?.query.fingerprint).toBe('fp-a');
  });

  it("finishes a first run without rewriting the file: its inode and lines are the appended ones", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'll-cache-file-'));
    const c = await FingerprintCache.open(dir);
    c.put(stamp('a.jpg'), entry('a'));
    c.put(stamp('b.jpg'), entry('b'));
    const ino = statSync(c.file).ino;
    await c.compact(folder);
    expect(statSync(c.file).ino).toBe(ino);
    expect(lines(c.file)).toHaveLength(2);
  });

  it('rewrites the file when an entry was replaced or left unused, keeping one line per entry', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'll-cache-file-'));
    const c = await FingerprintCache.open(dir);
    c.put(stamp('a.jpg'), entry('a'));
    c.put(stamp('a.jpg'), entry('a2'));
    await c.compact(folder);
    expect(lines(c.file)).toHaveLength(1);
    expect((await FingerprintCache.open(dir)).get(stamp('a.jpg'))?.hash).toBe('a2');

    // A second run that does not see a.jpg (moved away) drops it.
    const again = await FingerprintCache.open(dir);
    again.put(stamp('b.jpg'), entry('b'));
    await again.compact(folder);
    expect(lines(again.file).map((l) => (JSON.parse(l) as { h: string }).h)).toEqual(['b']);
  });

  it('starts the next line on a line of its own after a cut-off one, and drops the cut-off line when the run finishes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'll-cache-file-'));
    const c = await FingerprintCache.open(dir);
    c.put(stamp('a.jpg'), entry('a'));
    c.close();
    appendFileSync(c.file, '{"k":"/site/b.jpg","h":"b","q":{"fing'); // killed mid-line

    const resumed = await FingerprintCache.open(dir);
    expect(resumed.size).toBe(1);
    resumed.get(stamp('a.jpg'));
    resumed.put(stamp('c.jpg'), entry('c'));
    resumed.close();
    // Killed again before finishing: c's line is still readable.
    expect((await FingerprintCache.open(dir)).get(stamp('c.jpg'))?.hash).toBe('c');

    const finished = await FingerprintCache.open(dir);
    finished.get(stamp('a.jpg'));
    finished.get(stamp('c.jpg'));
    await finished.compact(folder);
    expect(lines(finished.file)).toHaveLength(2);
  });
});
