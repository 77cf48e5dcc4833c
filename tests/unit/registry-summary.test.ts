/** The registry summary's filter (fuse-filter.ts, summary.ts) and the bucket keys it holds (keys.ts). */
import { describe, expect, it } from 'vitest';
import { hexToWords, type Query } from '../../src/lib/match/index.js';
import { buildFuseFilter, fuseHas } from '../../src/lib/registry/fuse-filter.js';
import { buildLayerSummary, decodeLayerSummary, encodeLayerSummary, mayMatch, queryKeys, workKeys, type KeyPlan } from '../../src/lib/registry/index.js';
import { fingerprint, keys } from './helpers/registry-fixtures.js';

describe('registry summary filter', () => {
  it('holds every key it was built over, and passes others at about 2^-bits', () => {
    for (const bits of [8, 12]) {
      const inside = keys(20_000, 7);
      const f = buildFuseFilter(inside, bits);
      expect(inside.every((k) => fuseHas(f, k))).toBe(true);
      const held = new Set(inside);
      const outside = keys(200_000, 99).filter((k) => !held.has(k));
      const rate = outside.filter((k) => fuseHas(f, k)).length / outside.length;
      // 2^-8 = 0.39%, 2^-12 = 0.024%: within 1.5x of the bound with 200,000 tries.
      expect(rate).toBeLessThan(1.5 * 2 ** -bits);
      expect(rate).toBeGreaterThan(0.5 * 2 ** -bits);
      // 1.224 x bits bits per key at 20,000 keys, falling to 1.125 x from 1M (a Bloom filter needs 1.44 x bits for the same rate).
      expect((f.slots.byteLength * 8) / inside.length).toBeLessThan(1.25 * bits);
    }
  });

  it('is the same for the same keys, and handles duplicates, one key and none', () => {
    const k = keys(1000, 3);
    expect(buildFuseFilter([...k, ...k.slice(0, 10)], 12)).toEqual(buildFuseFilter(k, 12));
    const one = buildFuseFilter([42], 12);
    expect(fuseHas(one, 42)).toBe(true);
    const none = buildLayerSummary(0, 0, { minBits: 4, crops: true, filterBits: 12 }, [], new Map());
    expect(mayMatch({ layers: [none] }, keys(1000, 5))).toBe(false);
  });

  it('round-trips a format 2 summary and still reads a format 1 (Bloom) one', () => {
    const k = keys(5000, 11);
    const shards = new Map([[3, 'ab'.repeat(32)]]);
    for (const plan of [{ minBits: 4, crops: true, filterBits: 12 }, { minBits: 4, crops: true, bitsPerKey: 16, hashes: 11 }] satisfies KeyPlan[]) {
      const s = buildLayerSummary(2, 4, plan, k, shards);
      const back = decodeLayerSummary(encodeLayerSummary(s), { layer: 2, bucketBits: 4, plan });
      expect(back).toEqual(s);
      expect(mayMatch({ layers: [back] }, [k[17]!])).toBe(true);
      expect(() => decodeLayerSummary(encodeLayerSummary(s), { layer: 2, bucketBits: 4, plan: { filterBits: 10, hashes: 7 } })).toThrow(/does not fit its manifest/);
      expect(() => decodeLayerSummary(encodeLayerSummary(s).slice(0, -1), { layer: 2, bucketBits: 4, plan })).toThrow(/wrong length/);
    }
  });
});

describe('registry bucket keys', () => {
  const plan: KeyPlan = { minBits: 4, crops: true, filterBits: 12 };
  it('a near-duplicate (a few bits flipped in one band) shares a key with its work', () => {
    const fp = fingerprint(5);
    const words = hexToWords(fp);
    // Flip 3 bits, all in word 2: the other words are unchanged and stay keys.
    words[2] = (words[2]! ^ 0b1011) >>> 0;
    const near = [...words].map((w) => w.toString(16).padStart(8, '0')).join('');
    const q: Query = { fingerprint: near, quality: 80 };
    const stored = new Set(workKeys([fp], plan));
    expect(queryKeys(q, plan).filter((k) => stored.has(k)).length).toBeGreaterThanOrEqual(6);
    const unrelated = new Set(workKeys([fingerprint(6)], plan));
    expect(queryKeys(q, plan).some((k) => unrelated.has(k))).toBe(false);
  });

  it('an outpainted copy is looked up inside its low-detail margins too, as the matcher probes it', () => {
    const work = fingerprint(8);
    // The whole copy hashes unlike the work (new content around it); inside its margins it is the work.
    const q: Query = { fingerprint: fingerprint(9), quality: 80, boxed: work, box: [2, 0, 8, 8] };
    const stored = new Set(workKeys([work], plan));
    expect(queryKeys(q, plan).some((k) => stored.has(k))).toBe(true);
  });
});
