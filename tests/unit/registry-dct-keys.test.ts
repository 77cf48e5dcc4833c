import { describe, expect, it } from 'vitest';
import { dctCoefficients, DCT_SIDE, mirrorCoefficients, probeKeys, sampleGrid, signKey } from '../../bench/lib/dct-keys.js';

/** A deterministic 16x16 luminance grid with structure at several frequencies. */
const grid = () => Float64Array.from({ length: DCT_SIDE * DCT_SIDE }, (_, k) => 128 + 60 * Math.sin((k % 16) * 0.7 + (k >> 4) * 0.3) + ((k * 37) % 23));
const mirror = (g: Float64Array, flip: 'h' | 'v') => g.map((_, k) => {
  const y = k >> 4;
  const x = k & 15;
  return flip === 'h' ? g[y * 16 + 15 - x]! : g[(15 - y) * 16 + x]!;
});

describe('DCT-sign keys (bench/registry-keys.ts candidates)', () => {
  it('a mirrored grid has the coefficients mirrorCoefficients gives, so a mirrored probe needs no second transform', () => {
    const c = dctCoefficients(grid(), 80);
    for (const flip of ['h', 'v'] as const) {
      const direct = dctCoefficients(mirror(grid(), flip), 80);
      mirrorCoefficients(c, flip).forEach((x, k) => expect(x).toBeCloseTo(direct[k]!, 6));
    }
  });

  it('brightness and contrast leave the key alone', () => {
    const g = grid();
    expect(signKey(dctCoefficients(g.map((x) => 0.6 * x + 40), 40), 0, 40)).toBe(signKey(dctCoefficients(g, 40), 0, 40));
  });

  it('multi-probe: 2^M distinct keys, each the plain key with only the M least certain bits changed', () => {
    const c = dctCoefficients(grid(), 32);
    const key = signKey(c, 0, 32);
    const keys = probeKeys(c, 0, 32, 3);
    expect(new Set(keys).size).toBe(8);
    expect(keys[0]).toBe(key);
    const least = [...Array(32).keys()].sort((a, b) => Math.abs(c[a]!) - Math.abs(c[b]!)).slice(0, 3);
    const allowed = least.reduce((m, i) => m + 2 ** (31 - i), 0);
    for (const k of keys) expect(Number((BigInt(k) ^ BigInt(key)) & ~BigInt(allowed))).toBe(0);
  });

  it('a band is keyed apart from another band', () => {
    const c = dctCoefficients(grid(), 64);
    expect(signKey(c, 32, 32, 1)).toBeGreaterThanOrEqual(2 ** 32);
    expect(probeKeys(c, 32, 32, 2, 1).every((k) => Math.floor(k / 2 ** 32) === 1)).toBe(true);
  });

  it('the whole frame of a grid doubled to 32x32 samples back to the grid', () => {
    const g = Uint8Array.from(grid(), Math.round);
    const doubled = Uint8Array.from({ length: 1024 }, (_, k) => g[((k >> 6) << 4) + ((k & 31) >> 1)]!);
    expect([...sampleGrid(doubled, 32, [0, 0, 1, 1])]).toEqual([...g]);
  });
});
