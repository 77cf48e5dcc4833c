import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KEY_WORDS } from '../../src/lib/match/detail/detail-key.js';
import { KEY_MAX } from '../../src/lib/match/detail/detail-verify.js';
import { scanKeys } from '../../src/lib/match/detail/key-scan.js';
import { HASH_WORDS, popcount32, wordsToHex } from '../../src/lib/match/hash/bits.js';
import { KEY_INDEX_MIN_WORKS, KEY_PROBE_BUDGET, KeyIndex, MAX_UNRELIABLE } from '../../src/lib/match/indexing/key-index.js';
import { keyBlock, sparseTables } from '../../src/lib/match/indexing/key-blocks.js';
import { KeyStage } from '../../src/lib/match/indexing/key-stage.js';
import { Matcher } from '../../src/lib/match/matcher.js';
import type { PackedRegistry } from '../../src/lib/match/indexing/packed-registry.js';
import type { Model } from '../../src/lib/types.js';

const STRIDE = 2 * KEY_WORDS;
/** A seeded generator (mulberry32), so every run draws the same registries. */
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return (t ^ (t >>> 14)) >>> 0;
  };
}

/** A key with about 60% of its 112 bits reliable, as real keys have. */
function randomKey(next: () => number, out = new Uint32Array(STRIDE), o = 0): Uint32Array {
  for (let i = 0; i < KEY_WORDS; i++) {
    const top = i === KEY_WORDS - 1 ? 0xffff : 0xffffffff;
    out[o + i] = (next() & top) >>> 0;
    out[o + KEY_WORDS + i] = ((next() | (next() & next())) & top) >>> 0;
  }
  return out;
}

/** `q` with `flips` of its key bits flipped (positions 0-111). */
function near(q: Uint32Array, flips: number[]): Uint32Array {
  const k = q.slice();
  for (const f of flips) k[f >> 5] = (k[f >> 5]! ^ (1 << (f & 31))) >>> 0;
  return k;
}

describe('KeyIndex (key-index.ts)', () => {
  it('finds a subset of what the scan finds, with the same distances, in the scan order', () => {
    fc.assert(
      fc.property(fc.integer(), fc.integer({ min: 1, max: 4 }), fc.array(fc.array(fc.nat(111), { maxLength: 12 }), { maxLength: 80 }), (seed, nq, flips) => {
        const next = random(seed);
        const qs = Array.from({ length: nq }, () => randomKey(next));
        const works = 300 + flips.length;
        const keys = new Uint32Array(works * STRIDE);
        for (let w = 0; w < 300; w++) randomKey(next, keys, w * STRIDE);
        flips.forEach((f, i) => keys.set(near(qs[i % nq]!, f), (300 + i) * STRIDE));
        const exact = scanKeys(qs, keys, works, KEY_MAX);
        const found = new KeyIndex(keys, works).near(qs, KEY_MAX, (k) => scanKeys([k], keys, works, KEY_MAX));
        for (const [w, d] of found) expect(exact.get(w)).toBe(d);
        expect([...found.keys()]).toEqual([...exact.keys()].filter((w) => found.has(w)));
      }),
      { numRuns: 100 },
    );
  });

  it('finds a key differing from the query on reliable bits of some blocks only', () => {
    const next = random(7);
    const works = 5000;
    const keys = new Uint32Array(works * STRIDE);
    for (let w = 0; w < works; w++) randomKey(next, keys, w * STRIDE);
    const q = keys.slice(1234 * STRIDE, 1235 * STRIDE);
    // 6 bits flipped, all in the first 56 bits: the blocks from bit 56 on agree.
    keys.set(near(q, [3, 11, 20, 31, 40, 50]), 1234 * STRIDE);
    const found = new KeyIndex(keys, works).near([q], KEY_MAX, () => new Map());
    expect(found.has(1234)).toBe(true);
  });

  it('picks the tables with the fewest unreliable bits first, ties by table, until the next would pass the cap', () => {
    expect(sparseTables([3, 1, 3, 0, 1, 5, 2, 9], 16)).toEqual([3, 1, 4, 6]);
    expect(sparseTables([3, 1, 3, 0, 1, 5, 2, 9], 32)).toEqual([3, 1, 4, 6, 0, 2]);
    expect(sparseTables([4, 4], 15)).toEqual([]);
    // The same order as sorting a copy by count, then table.
    fc.assert(fc.property(fc.array(fc.integer({ min: 0, max: 18 }), { minLength: 8, maxLength: 8 }), fc.integer({ min: 1, max: 2 ** 20 }), (u, cap) => {
      const sorted = u.map((_, t) => t).sort((a, b) => u[a]! - u[b]! || a - b);
      const want: number[] = [];
      let probes = 0;
      for (const t of sorted) {
        if (probes + 2 ** u[t]! > cap) break;
        probes += 2 ** u[t]!;
        want.push(t);
      }
      expect(sparseTables(u, cap)).toEqual(want);
    }));
  });

  it('probes at most KEY_PROBE_BUDGET buckets a key, its most reliable tables first', () => {
    const next = random(9);
    const works = 1 << 16;
    const keys = new Uint32Array(works * STRIDE);
    for (let w = 0; w < works; w++) randomKey(next, keys, w * STRIDE);
    // About half the bits unreliable, as many page images' keys: every table within MAX_UNRELIABLE, 8 x 2^n in all.
    const q = new Uint32Array(STRIDE).map((_, i) => next() & (i % KEY_WORDS === KEY_WORDS - 1 ? 0xffff : 0xffffffff));
    const index = new KeyIndex(keys, works);
    const all = (1 << index.bits) - 1;
    const unreliable = Array.from({ length: 8 }, (_, t) => popcount32(~keyBlock(q, KEY_WORDS, t, index.bits) & all));
    expect(unreliable.filter((u) => u <= MAX_UNRELIABLE).reduce((a, u) => a + 2 ** u, 0)).toBeGreaterThan(KEY_PROBE_BUDGET);
    // A copy agreeing with the query on every bit of its most reliable table's block is found.
    const best = unreliable.indexOf(Math.min(...unreliable));
    const from = Math.min(best * 14, 112 - index.bits);
    const copy = q.slice();
    for (let b = 0; b < 112; b++) if (b < from || b >= from + index.bits) copy[b >> 5] = (copy[b >> 5]! ^ ((next() & 1) << (b & 31))) >>> 0;
    copy.set(q.subarray(KEY_WORDS), KEY_WORDS);
    keys.set(copy, 777 * STRIDE);
    const withCopy = new KeyIndex(keys, works);
    const found = withCopy.near([q], 1, () => new Map());
    expect(withCopy.probes).toBeGreaterThan(0);
    expect(withCopy.probes).toBeLessThanOrEqual(KEY_PROBE_BUDGET);
    expect(found.has(777)).toBe(true);
    // Keys past the first `capped` (KeyStage's extra keys) probe every table they can.
    const uncapped = new KeyIndex(keys, works);
    uncapped.near([q], 1, () => new Map(), undefined, 0);
    expect(uncapped.probes).toBe(unreliable.filter((u) => u <= MAX_UNRELIABLE).reduce((a, u) => a + 2 ** u, 0));
  });
});

const MODEL: Model = { id: 'm', source: 'own', creatorId: 'c', name: 'M', license: { personalUse: true, commercialUse: 'forbidden', attributionRequired: false, derivativesAllowed: false }, licensees: [] };

/** A registry of random works, 27 fingerprints each, every work with a detail key. */
function registry(fingerprints: number, next: () => number): PackedRegistry {
  const works = Math.ceil(fingerprints / 27);
  const hashes = new Uint32Array(fingerprints * HASH_WORDS);
  for (let i = 0; i < hashes.length; i++) hashes[i] = next();
  const starts = Uint32Array.from({ length: works + 1 }, (_, w) => Math.min(fingerprints, w * 27));
  const detailKeys = new Uint32Array(works * STRIDE);
  for (let w = 0; w < works; w++) randomKey(next, detailKeys, w * STRIDE);
  const workIds = Array.from({ length: works }, (_, w) => `w${String(w).padStart(7, '0')}`);
  return { workIds, starts, hashes, workModel: new Uint32Array(works), modelIds: ['m'], detailKeys, hasDetail: new Uint8Array(works).fill(1) };
}

/** A 16x16 detail of random 2x2 cells, base64url. */
function detail(next: () => number): string {
  const luma = new Uint8Array(256);
  for (let i = 0; i < 256; i++) luma[i] = next() & 0xff;
  for (let y = 0; y < 16; y++) for (let x = 0; x < 16; x++) luma[y * 16 + x] = luma[(y & ~1) * 16 + (x & ~1)]!;
  return Buffer.from(luma).toString('base64url');
}

/** Index entries read, keys compared and thumbnails named per lookup, over the same kind of queries. */
function workPerLookup(fingerprints: number) {
  const next = random(fingerprints);
  const packed = registry(fingerprints, next);
  const m = new Matcher({ creators: [], models: [MODEL] }, packed);
  let named = 0;
  const queries = 40;
  const [entries, compared] = [m.index.entriesRead, m.keys.compared];
  for (let i = 0; i < queries; i++) {
    const q = new Uint32Array(HASH_WORDS);
    const from = (next() % fingerprints) * HASH_WORDS;
    for (let k = 0; k < HASH_WORDS; k++) q[k] = i % 2 ? packed.hashes[from + k]! ^ (1 << (next() & 31)) : next();
    named += m.prepare({ fingerprint: wordsToHex(q), quality: 100, detail: detail(next) }).needs.length;
  }
  return { works: packed.workIds.length, entries: (m.index.entriesRead - entries) / queries, compared: (m.keys.compared - compared) / queries, named: named / queries };
}

describe('the lookup at 10k and 1M fingerprints', () => {
  it('does about as much work at 1M as at 10k: no stage compares every work', () => {
    const small = workPerLookup(10_000);
    const large = workPerLookup(1_000_000);
    console.log('[lookup work] 10k:', small, '1M:', large);
    expect(large.works).toBeGreaterThanOrEqual(KEY_INDEX_MIN_WORKS);
    expect(large.works / small.works).toBeGreaterThan(99);
    // 100x the works: the index tables' entries and the keys compared grow a few times at most (a scan: 100x).
    expect(large.entries).toBeLessThan(5 * small.entries);
    expect(large.compared).toBeLessThan(5 * small.compared);
    expect(large.named).toBeLessThanOrEqual(2 * Math.max(small.named, 12));
  }, 120_000);

  it('keeps no work the fallback scan named that no query key comes within reach of', () => {
    const next = random(11);
    const works = 5000;
    const keys = new Uint32Array(works * STRIDE);
    for (let w = 0; w < works; w++) randomKey(next, keys, w * STRIDE);
    // Reliable on bits 0-14 and 60 only: one block can be probed (two are needed), so the index asks the scan.
    const q = keys.slice(1234 * STRIDE, 1235 * STRIDE);
    q.fill(0, KEY_WORDS);
    q[KEY_WORDS] = 0x7fff;
    q[KEY_WORDS + 1] = 1 << 28;
    keys.set(q, 1234 * STRIDE);
    const far = (1234 + 1) % works;
    let asked = 0;
    const found = new KeyIndex(keys, works).near([q], KEY_MAX, (k) => (asked++, new Map([...scanKeys([k], keys, works, KEY_MAX), [far, 0]])));
    expect(asked).toBe(1);
    expect(scanKeys([q], keys, works, KEY_MAX).has(far)).toBe(false);
    expect(found.has(far)).toBe(false);
    expect(found.has(1234)).toBe(true);
  });
});

describe('KeyStage extra keys (the flat-corner key)', () => {
  it('looks an extra key up in the index only: one that can probe too few tables compares nothing, a plain key scans', () => {
    const next = random(5);
    const packed = registry(5000 * 27, next);
    const stage = new KeyStage(packed);
    expect(stage.indexed).toBe(true);
    // Reliable bits 0-13 only: the first table's block is fully reliable, every other has too many unreliable bits.
    const key = randomKey(next);
    key.set([0x3fff, 0, 0, 0], KEY_WORDS);
    // Built on first use: compare the counts after the index exists.
    stage.candidates([]);
    const before = stage.compared;
    stage.candidates([], [key]);
    expect(stage.compared - before).toBeLessThan(packed.workIds.length / 10);
    const asPlain = stage.compared;
    stage.candidates([key]);
    expect(stage.compared - asPlain).toBeGreaterThanOrEqual(packed.workIds.length);
  });
});

describe('a sparse key (a plain image\'s) in a large registry', () => {
  it('is compared with a bounded number of works at 400k works, not with every one, and still finds its copy', () => {
    const next = random(13);
    const works = 400_000;
    const keys = new Uint32Array(works * STRIDE);
    for (let w = 0; w < works; w++) randomKey(next, keys, w * STRIDE);
    // Reliable bits 0-13 only: one table's block can be probed (two are needed), so it is sparse.
    const key = randomKey(next);
    key.set([0x3fff, 0, 0, 0], KEY_WORDS);
    keys.set(key, 4321 * STRIDE);
    const stage = new KeyStage({ detailKeys: keys, hasDetail: new Uint8Array(works).fill(1), workIds: Array.from({ length: works }, (_, w) => `w${w}`) });
    stage.candidates([]);
    const before = stage.compared;
    const found = stage.candidates([key]);
    expect(stage.compared - before).toBeLessThan(works / 100);
    expect(found.get(4321)).toBe(0);
  }, 60_000);
});
