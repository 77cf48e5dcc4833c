import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { openRegistry } from '../../src/storage/db.js';
import { cachedFingerprint, cacheKey, readFetched, storeFingerprint, storeFingerprintSoon, trimCache } from '../../src/storage/fingerprint-cache.js';
import { sha256Hex } from '../../src/lib/sha256.js';
import { scratchDbs } from './helpers/scratch-db.js';

const FP = 'f'.repeat(64);
const Q = { fingerprint: FP, quality: 80, trimmed: 'f'.repeat(64), detail: 'AAAA', trimmedDetail: 'BBBB' };
const scratch = scratchDbs('fpcache');
let last = '';
const fresh = () => openRegistry((last = scratch.name()));

describe('fingerprint cache', () => {
  it('keys by URL and validators: a changed ETag or body is a different entry', async () => {
    expect(cacheKey('https://a/x.jpg', { etag: '"1"' })).not.toBe(cacheKey('https://a/x.jpg', { etag: '"2"' }));
    expect(cacheKey('https://a/x.jpg', { lastModified: 'Mon' })).not.toBe(cacheKey('https://a/y.jpg', { lastModified: 'Mon' }));
    const d1 = await sha256Hex(new Uint8Array([1, 2, 3]));
    const d2 = await sha256Hex(new Uint8Array([1, 2, 4]));
    expect(d1).toMatch(/^[0-9a-f]{64}$/);
    expect(cacheKey('u', { digest: d1 })).not.toBe(cacheKey('u', { digest: d2 }));
  });

  it('returns what was stored, and survives reopening the database (a stopped worker)', async () => {
    const db = await fresh();
    const key = cacheKey('https://a/x.jpg', { etag: '"1"' });
    expect(await cachedFingerprint(db, key)).toBeUndefined();
    await storeFingerprint(db, key, Q, { etag: '"1"' });
    db.close();
    const again = await openRegistry(last);
    expect(await cachedFingerprint(again, key)).toEqual(Q);
    expect((await again.get('fingerprintCache', key))?.etag).toBe('"1"');
    again.close();
  });

  it("reads a fetched image's entry by its validators, else by its bytes, and gives the bytes' hash either way", async () => {
    const db = await fresh();
    const bytes = new Uint8Array([1, 2, 3]);
    const digest = await sha256Hex(bytes);
    await storeFingerprint(db, cacheKey('https://a/v.jpg', { etag: '"1"' }), Q, { etag: '"1"' });
    await storeFingerprint(db, cacheKey('https://a/n.jpg', { digest }), Q, {});
    const withEtag = await readFetched(db, 'https://a/v.jpg', bytes, { etag: '"1"' });
    expect(withEtag.key).toBe(cacheKey('https://a/v.jpg', { etag: '"1"' }));
    expect([await withEtag.reading, await withEtag.sha256]).toEqual([Q, digest]);
    const without = await readFetched(db, 'https://a/n.jpg', bytes, {});
    expect(without.key).toBe(cacheKey('https://a/n.jpg', { digest }));
    expect([await without.reading, await without.sha256]).toEqual([Q, digest]);
    db.close();
  });

  it('keeps every part of the query: chroma, the box inside borders, the natural size (the "resized" hint needs it) and the turned hash probes', async () => {
    const db = await fresh();
    const full = { ...Q, chroma: 'CCCC', trimmedBox: [0.1, 0.1, 0.8, 0.8] as [number, number, number, number], size: { width: 640, height: 480 }, turned: ['a'.repeat(64), 'b'.repeat(64)], fit: ['c'.repeat(64), 'd'.repeat(64)] };
    const key = cacheKey('https://a/sized.jpg', { etag: '"2"' });
    await storeFingerprint(db, key, full, { etag: '"2"' });
    expect(await cachedFingerprint(db, key)).toEqual(full);
    db.close();
  });

  it('makes a key no entry from before the size and the turned probes were kept can meet: those images are fingerprinted again', () => {
    for (const old of ['v5', 'v6', 'v7', 'v8']) expect(cacheKey('https://a/x.jpg', { etag: '"1"' }).startsWith(`${old}\n`)).toBe(false);
  });

  it('evicts the least recently used entries first when over its bound', async () => {
    const db = await fresh();
    for (let i = 0; i < 10; i++) await storeFingerprint(db, `k${i}`, Q, {}, { now: 1_000 + i });
    // k0 is used again long after: it becomes the most recently used.
    expect(await cachedFingerprint(db, 'k0', 10_000_000)).toEqual(Q);
    await storeFingerprint(db, 'k10', Q, {}, { now: 10_000_001, limit: 5 });
    const left = (await db.getAllKeys('fingerprintCache')).map(String).sort();
    expect(left).toEqual(['k0', 'k10', 'k7', 'k8', 'k9']);
    expect(await trimCache(db, 5)).toBe(0);
    db.close();
  });
});

describe('fingerprint cache writes off the critical path', () => {
  it('stores writes that come close together, all of them, in one go', async () => {
    const db = await fresh();
    const stored = Array.from({ length: 5 }, (_, i) => storeFingerprintSoon(db, `k${i}`, { ...Q, quality: 50 + i }, { etag: `"${i}"` }));
    // Nothing is written before the batch closes: a scan never waits on the commit.
    expect(await cachedFingerprint(db, 'k0')).toBeUndefined();
    expect(new Set(stored).size).toBe(1);
    await stored[0];
    for (let i = 0; i < 5; i++) expect((await cachedFingerprint(db, `k${i}`))?.quality).toBe(50 + i);
    expect((await db.get('fingerprintCache', 'k3'))?.etag).toBe('"3"');
  });

  it('starts a new batch after a flush', async () => {
    const db = await fresh();
    const first = storeFingerprintSoon(db, 'a', Q, {});
    await first;
    const second = storeFingerprintSoon(db, 'b', Q, {});
    expect(second).not.toBe(first);
    await second;
    expect(await cachedFingerprint(db, 'b')).toEqual(Q);
  });
});
