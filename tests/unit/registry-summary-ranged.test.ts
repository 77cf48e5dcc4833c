/** Summary format 3 (summary-ranged.ts, build-shards.ts): one fuse filter per bucket range, built while the shards are written. */
import { describe, expect, it } from 'vitest';
import { generateKeyPair } from '../../src/lib/list/index.js';
import { bucketIdsFor, buildRangedLayerSummary, decodeLayerSummary, encodeLayerSummary, loadSummary, lookupQuery, mayMatch, rangeBitsFor, workKeys, type KeyPlan } from '../../src/lib/registry/index.js';
import { rangeOf } from '../../src/lib/registry/summary-ranged.js';
import { build, fingerprint, keys, listText } from './helpers/registry-fixtures.js';

const plan: KeyPlan = { minBits: 4, crops: true, filterBits: 12 };
const seeds = (from: number, n: number) => Array.from({ length: n }, (_, i) => from + i);

async function lists() {
  const [a, b] = [await generateKeyPair(), await generateKeyPair()];
  return [
    { source: 'a', text: await listText(a, 'Ann', seeds(1, 250)) },
    { source: 'b', text: await listText(b, 'Bo', seeds(1000, 200)) },
  ];
}

describe('registry summary format 3 (a filter per bucket range)', () => {
  it('gives the same bytes for the same lists, however often the entries spill, with many ranges', async () => {
    const inputs = await lists();
    const key = await generateKeyPair();
    const one = await build(inputs, { key, rangeKeys: 256 });
    const two = await build(inputs, { key, rangeKeys: 256, spillEvery: 5 });
    const summaryFile = [...one.host.files.keys()].find((p) => p.startsWith('summary/'))!;
    expect(new DataView(one.host.files.get(summaryFile)!.buffer).getUint32(0, true)).toBe(0x3352_4c4c); // "LLR3"
    expect((await loadSummary(one.manifest, one.host.get)).layers[0]!.ranged!.rangeBits).toBe(4);
    expect([...two.host.files.keys()].sort()).toEqual([...one.host.files.keys()].sort());
    for (const [path, bytes] of one.host.files) expect(two.host.files.get(path), path).toEqual(bytes);
  });

  it('finds every registered key in its range, and every work through a lookup', async () => {
    const inputs = await lists();
    const { manifest, host } = await build(inputs, { rangeKeys: 256 });
    const summary = await loadSummary(manifest, host.get);
    const all = [...seeds(1, 250), ...seeds(1000, 200)];
    for (const s of all) for (const k of workKeys([fingerprint(s), fingerprint(s + 100_000)], plan)) expect(mayMatch(summary, [k])).toBe(true);
    for (const s of [1, 77, 250, 1000, 1199]) {
      const found = await lookupQuery(manifest, 'r', summary, { fingerprint: fingerprint(s), quality: 80 }, host.get);
      expect(found.content.works.map((w) => w.id)).toContain(`registry:r/${s < 1000 ? 0 : 1}/w${s}`);
    }
    // An unregistered fingerprint: its keys pass at about 2^-12 each, so almost never a request.
    const misses = seeds(500_000, 200).filter((s) => bucketIdsFor(summary, workKeys([fingerprint(s)], plan)).length).length;
    expect(misses).toBeLessThanOrEqual(2);
  });

  it('passes no key of a range that holds none, and round-trips through its file', () => {
    const inside = keys(20_000, 7).filter((k) => rangeOf(k, 2) !== 0);
    const shards = new Map([[5, 'cd'.repeat(32)]]);
    const s = buildRangedLayerSummary(1, 4, 12, 2, inside, shards);
    expect(s.ranged!.parts.map((p) => p.keys > 0)).toEqual([false, true, true, true]);
    expect(s.keys).toBe(inside.length);
    const back = decodeLayerSummary(encodeLayerSummary(s), { layer: 1, bucketBits: 4, plan, formatVersion: 3 });
    expect(back).toEqual(s);
    expect(inside.every((k) => mayMatch({ layers: [back] }, [k]))).toBe(true);
    const emptyRange = keys(20_000, 99).filter((k) => rangeOf(k, 2) === 0);
    expect(emptyRange.length).toBeGreaterThan(4000);
    expect(mayMatch({ layers: [back] }, emptyRange)).toBe(false);
  });

  it('keeps the false-positive rate of one filter (2^-12 a key)', () => {
    const inside = keys(40_000, 3);
    const s = buildRangedLayerSummary(0, 8, 12, 3, inside, new Map());
    const held = new Set(inside);
    const outside = keys(240_000, 5).filter((k) => !held.has(k));
    const rate = outside.filter((k) => mayMatch({ layers: [s] }, [k])).length / outside.length;
    expect(rate).toBeLessThan(1.5 * 2 ** -12);
    expect(rate).toBeGreaterThan(0.5 * 2 ** -12);
  });

  it('refuses a corrupted range, a summary whose range table disagrees with its length, and a format 3 summary under an older manifest', async () => {
    const { manifest, host } = await build(await lists(), { rangeKeys: 256 });
    const path = `summary/${manifest.layers[0]!.summary}.bin`;
    const bytes = host.files.get(path)!;
    const corrupt = bytes.slice();
    corrupt[corrupt.length - 100]! ^= 0x10; // inside the last range's slots
    const get = async (p: string) => (p === path ? corrupt : host.get(p));
    await expect(loadSummary(manifest, get)).rejects.toThrow('the summary of layer 0 does not match its content hash (modified or corrupt): refused');
    const expect3 = { layer: 0, bucketBits: manifest.layers[0]!.bucketBits, plan: manifest.keyPlan, formatVersion: 3 };
    const table = bytes.slice();
    new DataView(table.buffer).setUint32(16 + 8, 1_000, true); // range 0's segment count
    expect(() => decodeLayerSummary(table, expect3)).toThrow('the summary has the wrong length');
    expect(() => decodeLayerSummary(bytes.slice(0, -4), expect3)).toThrow('the summary has the wrong length');
    expect(() => decodeLayerSummary(bytes, { ...expect3, formatVersion: 2 })).toThrow('the summary does not fit its manifest');
    expect(() => decodeLayerSummary(bytes, { ...expect3, plan: { filterBits: 10 } })).toThrow('the summary does not fit its manifest');
  });

  it('aims each range at 2^20 keys or more, never finer than the buckets or the 256 spill ranges', () => {
    expect(rangeBitsFor(8_500_000, 15)).toBe(3);
    expect(rangeBitsFor(78_700_000, 19)).toBe(6);
    expect(rangeBitsFor(787_000_000, 20)).toBe(8);
    expect(rangeBitsFor(50_000, 8)).toBe(0);
    expect(rangeBitsFor(6_000, 5, 256)).toBe(4);
    expect(rangeBitsFor(6_000, 2, 256)).toBe(2);
  });
});
