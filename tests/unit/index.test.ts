import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { HASH_WORDS, popcount32, wordsToHex } from '../../src/lib/match/hash/bits.js';
import { FLIPS, flipWords } from '../../src/lib/match/hash/flip.js';
import { buildTables, flipsFor, MAX_PROBE_FLIPS, Prober, shapeOf, TABLES, wideShape } from '../../src/lib/match/indexing/index-tables.js';
import { FingerprintIndex, packFingerprints, type PackedFingerprints } from '../../src/lib/match/indexing/fingerprint-index.js';
import { parseStoredIndex, storedIndex } from '../../src/lib/match/indexing/packed-registry.js';
import { workFingerprints } from '../../src/lib/match/hash/work-fingerprints.js';
import { decodeFull } from '../../src/node/decode.js';

const words = fc.uint32Array({ minLength: HASH_WORDS, maxLength: HASH_WORDS });

/** Flip `n` distinct random bits of a fingerprint. */
function perturb(w: Uint32Array, bits: number[]): Uint32Array {
  const out = Uint32Array.from(w);
  for (const b of bits) out[b >> 5] = (out[b >> 5]! ^ (1 << (31 - (b & 31)))) >>> 0;
  return out;
}
const noise = (max: number) => fc.uniqueArray(fc.integer({ min: 0, max: 255 }), { maxLength: max });

function packOf(fps: Uint32Array[], perWork = 3): PackedFingerprints {
  const works: Array<{ id: string; fingerprints: string[] }> = [];
  fps.forEach((f, i) => {
    if (i % perWork === 0) works.push({ id: `w${works.length}`, fingerprints: [] });
    works[works.length - 1]!.fingerprints.push(wordsToHex(f));
  });
  return packFingerprints(works);
}

const agrees = (idx: FingerprintIndex, q: Uint32Array, r: number) => expect(idx.search(q, r)).toEqual(idx.scan(q, r));

/** Fingerprints agreeing with q within `flips` bits on some word, straight from the packed array. */
const wordFilter = (p: PackedFingerprints, q: Uint32Array, flips: number) =>
  Array.from({ length: p.hashes.length / HASH_WORDS }, (_, i) => i).filter((i) => Array.from(q).some((w, t) => popcount32((p.hashes[i * HASH_WORDS + t]! ^ w) >>> 0) <= flips));
const candidatesAgree = (idx: FingerprintIndex, p: PackedFingerprints, q: Uint32Array, flips: number) => {
  const want = wordFilter(p, q, flips);
  expect(idx.wordCandidates(q, flips)).toEqual(want);
  expect(idx.scanWords(q, flips)).toEqual(want);
};

describe('FingerprintIndex (multi-index hashing)', () => {
  // At 10M the buckets held 153 fingerprints each (16 key bits), and with no check bits left in a 3-byte entry each
  // one probed was a read of the fingerprint array: 202 ms for the index alone (docs/benchmarks.md).
  it.each([1_000, 1_000_000, 10_000_000, 2 ** 24])('keeps about 16 fingerprints per bucket at %i', (size) => {
    const { keyBits, idBits, checkBits, bytes } = shapeOf(size);
    expect(size / 2 ** keyBits).toBeGreaterThan(7);
    expect(size / 2 ** keyBits).toBeLessThanOrEqual(16);
    expect(idBits + checkBits).toBeLessThanOrEqual(8 * bytes);
    // Check bits left in every entry, so that a probe rejects most entries from the bucket itself.
    expect(checkBits).toBeGreaterThanOrEqual(4);
    expect(bytes).toBe(size > 2 ** 20 ? 4 : 3);
  });

  it('finds exactly what a linear scan finds through 4-byte entries (the shape above 2^20 fingerprints)', () => {
    fc.assert(
      fc.property(fc.array(words, { minLength: 300, maxLength: 600 }), fc.array(words, { maxLength: 4 }), fc.integer({ min: 0, max: 31 }), (fps, queries, r) => {
        const p = packOf(fps);
        const size = fps.length;
        // Few id bits for the size and a wide entry: the check bits reach the top byte, as at 10M.
        const shape = wideShape(4, 10, 4);
        const prober = new Prober(p.hashes, size, buildTables(p.hashes, size, shape), shape);
        const idx = new FingerprintIndex(p);
        const flips = flipsFor(r);
        if (!flips) return;
        for (const q of [...queries, fps[0]!]) {
          const found = Array.from(prober.candidates(q, flips)).filter((fp) => idx.distance(fp, q) <= r).sort((a, b) => a - b);
          expect(found).toEqual(idx.scan(q, r).map((h) => h.fp));
        }
      }),
      { numRuns: 40 },
    );
  }, 60_000);

  // At 1M (20 id bits, 3 bytes) and 10M (24, 4 bytes) the check bits all lie in an entry's top byte, read alone.
  it.each([
    [20, 3],
    [17, 3],
    [24, 4],
    [26, 4],
  ])('finds exactly what a linear scan finds when the check bits are in the top byte (%i id bits, %i bytes)', (idBits, bytes) => {
    fc.assert(
      fc.property(fc.array(words, { minLength: 300, maxLength: 600 }), fc.array(fc.tuple(fc.nat(), noise(24)), { maxLength: 4 }), fc.integer({ min: 0, max: 31 }), (fps, near, r) => {
        const p = packOf(fps);
        const size = fps.length;
        const shape = wideShape(4, idBits, bytes);
        const prober = new Prober(p.hashes, size, buildTables(p.hashes, size, shape), shape);
        const idx = new FingerprintIndex(p);
        const flips = flipsFor(r);
        if (!flips) return;
        for (const q of [fps[0]!, ...near.map(([i, bits]) => perturb(fps[i % size]!, bits))]) {
          const found = Array.from(prober.candidates(q, flips)).filter((fp) => idx.distance(fp, q) <= r).sort((a, b) => a - b);
          expect(found).toEqual(idx.scan(q, r).map((h) => h.fp));
        }
      }),
      { numRuns: 30 },
    );
  }, 60_000);

  it('returns exactly what a linear scan returns, on random data', () => {
    fc.assert(
      fc.property(fc.array(words, { minLength: 300, maxLength: 600 }), fc.array(words, { maxLength: 5 }), fc.integer({ min: 0, max: 40 }), (fps, queries, r) => {
        const idx = new FingerprintIndex(packOf(fps));
        for (const q of [...queries, fps[0]!]) agrees(idx, q, r);
      }),
      { numRuns: 40 },
    );
    // Property runs: CPU-bound and fixed in size; a shared CI machine may take well over vitest's default 5 s.
  }, 60_000);

  it('returns exactly what a linear scan returns, on clustered data with queries near the clusters', () => {
    const clustered = fc
      .tuple(fc.array(words, { minLength: 3, maxLength: 12 }), fc.array(fc.tuple(fc.nat(), noise(30)), { minLength: 300, maxLength: 800 }))
      .map(([centres, members]) => ({ centres, fps: members.map(([c, bits]) => perturb(centres[c % centres.length]!, bits)) }));
    fc.assert(
      fc.property(clustered, fc.array(fc.tuple(fc.nat(), noise(24)), { minLength: 1, maxLength: 6 }), fc.integer({ min: 0, max: 31 }), ({ centres, fps }, qs, r) => {
        const idx = new FingerprintIndex(packOf(fps, 5));
        for (const [c, bits] of qs) {
          const q = perturb(centres[c % centres.length]!, bits);
          agrees(idx, q, r);
          for (const f of FLIPS) agrees(idx, flipWords(q, f), r);
        }
      }),
      { numRuns: 40 },
    );
    // Property runs: CPU-bound and fixed in size; a shared CI machine may take well over vitest's default 5 s.
  }, 60_000);

  it('word candidates (the partial comparison\'s lookup) equal a filter of every fingerprint, on random and clustered data', () => {
    const clustered = fc
      .tuple(fc.array(words, { minLength: 2, maxLength: 8 }), fc.array(fc.tuple(fc.nat(), noise(60)), { minLength: 300, maxLength: 700 }))
      .map(([centres, members]) => ({ centres, fps: members.map(([c, bits]) => perturb(centres[c % centres.length]!, bits)) }));
    fc.assert(
      fc.property(fc.array(words, { minLength: 300, maxLength: 500 }), clustered, fc.tuple(fc.nat(), noise(80)), fc.integer({ min: 0, max: 5 }), (random, { centres, fps }, [c, bits], flips) => {
        const pr = packOf(random);
        candidatesAgree(new FingerprintIndex(pr), pr, perturb(random[c % random.length]!, bits), flips);
        const pc = packOf(fps, 5);
        const q = perturb(centres[c % centres.length]!, bits);
        candidatesAgree(new FingerprintIndex(pc), pc, q, flips);
        candidatesAgree(new FingerprintIndex(pc), pc, flipWords(q, 'h'), flips);
      }),
      { numRuns: 40 },
    );
    // Property runs: CPU-bound and fixed in size; a shared CI machine may take well over vitest's default 5 s.
  }, 60_000);

  it('answers search and word candidates in one pass as it does in two, whatever the radius, flips and size', () => {
    const clustered = fc
      .tuple(fc.array(words, { minLength: 2, maxLength: 8 }), fc.array(fc.tuple(fc.nat(), noise(40)), { minLength: 100, maxLength: 700 }))
      .map(([centres, members]) => ({ centres, fps: members.map(([c, bits]) => perturb(centres[c % centres.length]!, bits)) }));
    fc.assert(
      fc.property(clustered, fc.tuple(fc.nat(), noise(30)), fc.integer({ min: 14, max: 32 }), fc.integer({ min: 1, max: 3 }), ({ centres, fps }, [c, bits], radius, flips) => {
        const idx = new FingerprintIndex(packOf(fps, 5));
        const q = perturb(centres[c % centres.length]!, bits);
        // 23 and 2 are the matcher's (every table within 2 bits), where the one pass is taken; the rest fall back.
        for (const [r, f] of [[23, 2], [radius, flips]] as const) expect(idx.searchWithWords(q, r, f)).toEqual({ hits: idx.search(q, r), words: idx.wordCandidates(q, f) });
      }),
      { numRuns: 40 },
    );
    // Property runs: CPU-bound and fixed in size; a shared CI machine may take well over vitest's default 5 s.
  }, 60_000);

  describe('with real works, their crop variants and mirrored queries', () => {
    let packed: PackedFingerprints;
    beforeAll(async () => {
      const works = [];
      for (const name of ['astronaut.jpg', 'chelsea.jpg', 'coffee.jpg', 'rocket.jpg', 'starry-night.jpg']) {
        works.push({ id: name, fingerprints: workFingerprints(await decodeFull(new URL(`../../demo/images/${name}`, import.meta.url).pathname)).fingerprints });
      }
      // Pad to a size where the tables are used, with near copies of the real fingerprints.
      const real = packFingerprints(works);
      for (let i = 0; works.length < 60; i++) {
        const src = real.hashes.subarray((i % (real.hashes.length / 8)) * 8, (i % (real.hashes.length / 8)) * 8 + 8);
        works.push({ id: `pad${i}`, fingerprints: Array.from({ length: 8 }, (_, k) => wordsToHex(perturb(src, [k * 31 + i, (k * 7 + i * 3) % 256, (i * 13) % 256]))) });
      }
      packed = packFingerprints(works);
    }, 60_000);

    it('agrees with the scan for every stored fingerprint, flipped and perturbed, at radii 0-31', () => {
      const idx = new FingerprintIndex(packed);
      expect(idx.size).toBeGreaterThan(256);
      fc.assert(
        fc.property(fc.nat({ max: idx.size - 1 }), fc.constantFrom(undefined, ...FLIPS), noise(20), fc.integer({ min: 0, max: 31 }), (i, f, bits, r) => {
          let q = perturb(packed.hashes.subarray(i * 8, i * 8 + 8), bits);
          if (f) q = flipWords(q, f);
          agrees(idx, q, r);
        }),
        { numRuns: 300 },
      );
    });
  });

  it('searches each table within flips whose pigeonhole bound covers the radius, and scans beyond', () => {
    for (let r = 0; r < 32; r++) {
      const flips = flipsFor(r)!;
      expect(Array.from(flips).reduce((sum, s) => sum + s + 1, 0)).toBeGreaterThanOrEqual(r + 1);
      expect(Math.max(...flips)).toBeLessThanOrEqual(MAX_PROBE_FLIPS);
    }
    expect(flipsFor(20)).toEqual(Int8Array.from([2, 2, 2, 2, 2, 1, 1, 1]));
    expect(flipsFor(TABLES * (MAX_PROBE_FLIPS + 1))).toBeUndefined();
  });

  it('answers the same from tables loaded from the stored form as from built ones', () => {
    fc.assert(
      fc.property(fc.array(words, { minLength: 300, maxLength: 500 }), fc.array(fc.tuple(fc.nat(), noise(24)), { minLength: 1, maxLength: 5 }), (fps, qs) => {
        const p = packOf(fps);
        const built = new FingerprintIndex(p);
        const parsed = parseStoredIndex(structuredClone(storedIndex({ ...p, tables: built.tables, workModel: new Uint32Array(p.workIds.length), modelIds: ['m'], detailKeys: new Uint32Array(p.workIds.length * 8), hasDetail: new Uint8Array(p.workIds.length) }, 1)), 1);
        if (!parsed.ok) throw new Error(parsed.reason);
        const loaded = new FingerprintIndex(parsed.packed);
        expect(loaded.tables.entries.buffer).toBe(loaded.words(0).buffer);
        for (const [i, bits] of qs) {
          const q = perturb(fps[i % fps.length]!, bits);
          expect(loaded.search(q, 20)).toEqual(built.scan(q, 20));
          expect(loaded.wordCandidates(q, 2)).toEqual(built.scanWords(q, 2));
        }
      }),
      { numRuns: 20 },
    );
  });

  // More than 65,535 fingerprints in one block of 256 buckets keep their bucket starts in full (bucket-bounds.ts):
  // here 70,000 share word 0 (a plain band every image has), and the search must still equal the scan, stored or built.
  it('finds exactly what a linear scan finds when one word is shared by more fingerprints than 16-bit bounds hold', () => {
    const n = 90_000;
    let x = 7;
    const rnd = () => (x = (Math.imul(x ^ (x >>> 15), 0x2c1b3c6d) + 0x9e3779b9) >>> 0);
    const hashes = Uint32Array.from({ length: n * HASH_WORDS }, (_, i) => (i % HASH_WORDS === 0 && i < 70_000 * HASH_WORDS ? 0x0000ffff : rnd()));
    const works = n / 3;
    const p: PackedFingerprints = { workIds: Array.from({ length: works }, (_, w) => `w${w}`), starts: Uint32Array.from({ length: works + 1 }, (_, w) => 3 * w), hashes };
    const built = new FingerprintIndex(p);
    expect(built.tables.wide.length).toBeGreaterThan(0);
    const parsed = parseStoredIndex(structuredClone(storedIndex({ ...p, tables: built.tables, workModel: new Uint8Array(works), modelIds: ['m'], detailKeys: new Uint32Array(works * 8), hasDetail: new Uint8Array(works) }, 1)), 1);
    if (!parsed.ok) throw new Error(parsed.reason);
    const loaded = new FingerprintIndex(parsed.packed);
    for (const fp of [0, 1, 69_999, 70_000, 89_999]) {
      const q = perturb(built.words(fp), [3, 40, 77, 130, 200, 250].slice(0, fp % 7));
      for (const idx of [built, loaded]) {
        agrees(idx, q, 20);
        expect(idx.wordCandidates(q, 1)).toEqual(idx.scanWords(q, 1));
      }
    }
  }, 60_000);

  it('maps a fingerprint back to its work and variant', () => {
    const idx = new FingerprintIndex(packFingerprints([
      { id: 'a', fingerprints: ['0'.repeat(64), 'f'.repeat(64)] },
      { id: 'b', fingerprints: ['1'.repeat(64)] },
      { id: 'c', fingerprints: ['2'.repeat(64), '3'.repeat(64), '4'.repeat(64)] },
    ]));
    expect([0, 1, 2, 3, 4, 5].map((fp) => idx.owner(fp))).toEqual([
      { work: 0, variant: 0 }, { work: 0, variant: 1 }, { work: 1, variant: 0 }, { work: 2, variant: 0 }, { work: 2, variant: 1 }, { work: 2, variant: 2 },
    ]);
    expect(idx.workIds).toEqual(['a', 'b', 'c']);
  });

  it('refuses packed data whose parts disagree', () => {
    const ok = packFingerprints([{ id: 'a', fingerprints: ['0'.repeat(64)] }]);
    expect(() => new FingerprintIndex({ ...ok, hashes: new Uint32Array(7) })).toThrow(/multiple of 8/);
    expect(() => new FingerprintIndex({ ...ok, starts: Uint32Array.from([0, 2]) })).toThrow(/cover/);
    expect(() => new FingerprintIndex({ ...ok, workIds: ['a', 'b'] })).toThrow(/cover/);
  });
});
