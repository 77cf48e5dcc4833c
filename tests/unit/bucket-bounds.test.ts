import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { boundsBuilder, boundsProblem, boundsShape, bucketStart, type BucketBounds } from '../../src/lib/match/indexing/bucket-bounds.js';

/** Full bucket starts (buckets + 1, the last the size) from per-bucket counts. */
const startsOf = (counts: number[]) => {
  const s = new Uint32Array(counts.length + 1);
  counts.forEach((c, b) => (s[b + 1] = s[b]! + c));
  return s;
};

function build(tables: number[][]): BucketBounds {
  const shape = boundsShape(tables[0]!.length);
  const b = boundsBuilder(tables.length, shape);
  tables.forEach((counts, t) => b.put(t, startsOf(counts)));
  return b.done();
}

// Bucket counts: mostly a few entries, now and then one shared by tens of thousands of fingerprints (a plain word).
const count = fc.oneof({ weight: 20, arbitrary: fc.integer({ min: 0, max: 40 }) }, { weight: 1, arbitrary: fc.integer({ min: 0, max: 90_000 }) });

describe('bucket bounds (16-bit starts under block starts)', () => {
  it('give back every full bucket start, wide blocks included', () => {
    fc.assert(
      fc.property(fc.constantFrom(16, 256, 1024), fc.integer({ min: 1, max: 3 }), fc.infiniteStream(count), (buckets, n, counts) => {
        const tables = Array.from({ length: n }, () => Array.from({ length: buckets }, () => counts.next().value as number));
        const shape = boundsShape(buckets);
        const bounds = build(tables);
        tables.forEach((c, t) => {
          const full = startsOf(c);
          const got = Array.from(full, (_, b) => bucketStart(bounds, shape, t * (shape.blocks + 1), t * (buckets + 1), b));
          expect(got).toEqual(Array.from(full));
        });
        // The tables of an index all hold every fingerprint: checked when the drawn ones agree.
        const sizes = new Set(tables.map((c) => c.reduce((a, v) => a + v, 0)));
        if (sizes.size === 1) expect(boundsProblem(bounds, n, shape, [...sizes][0]!)).toBeUndefined();
      }),
      { numRuns: 60 },
    );
  });

  it('keep 2 bytes a bucket, and full starts only for a block of more than 65,535 entries', () => {
    const shape = boundsShape(1 << 16);
    const even = build([Array.from({ length: 1 << 16 }, () => 16)]);
    expect(even.wide.length).toBe(0);
    expect(even.bucketStarts.byteLength + even.blockStarts.byteLength).toBe(2 * ((1 << 16) + 1) + 4 * ((1 << 16) / 256 + 1));
    const plain = build([Array.from({ length: 1 << 16 }, (_, b) => (b === 300 ? 70_000 : 16))]);
    expect(plain.wide.length).toBe(256);
    expect(bucketStart(plain, shape, 0, 0, 301) - bucketStart(plain, shape, 0, 0, 300)).toBe(70_000);
  });

  it('are refused when a block start is out of order, past the size or points outside the wide starts', () => {
    const shape = boundsShape(1024);
    const counts = Array.from({ length: 1024 }, (_, b) => (b === 5 ? 70_000 : 3));
    const size = 70_000 + 3 * 1023;
    const ok = build([counts, counts]);
    expect(boundsProblem(ok, 2, shape, size)).toBeUndefined();
    const spoil = (f: (b: BucketBounds) => void) => {
      const b = { blockStarts: ok.blockStarts.slice(), bucketStarts: ok.bucketStarts.slice(), wide: ok.wide.slice() };
      f(b);
      return boundsProblem(b, 2, shape, size);
    };
    expect(spoil((b) => (b.blockStarts[2] = 1))).toBe('index table bounds are corrupt');
    expect(spoil((b) => (b.blockStarts[4] = size + 1))).toBe('index table bounds are corrupt');
    expect(spoil((b) => (b.blockStarts[5 + 1] = 0x80000000 + 300))).toBe('index table bounds are corrupt');
    expect(spoil((b) => (b.wide[10] = size + 1))).toBe('index table bounds are corrupt');
    expect(spoil((b) => (b.blockStarts[4] = 0))).toBe('index table bounds are corrupt');
    expect(boundsProblem(ok, 2, shape, size + 1)).toBe('index table bounds are corrupt');
    expect(boundsProblem(ok, 3, shape, size)).toBe('index tables have the wrong size');
  });
});
