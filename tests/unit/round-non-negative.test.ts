import { describe, expect, it } from 'vitest';
import { roundNonNegative } from '../../src/lib/match/hash/pixels.js';

describe('roundNonNegative', () => {
  it('is Math.round at the values where floor(x + 0.5) goes wrong and at halves', () => {
    const edges = [0, 0.49999999999999994, 0.5, 0.5000000000000001, 1.4999999999999998, 1.5, 2.5, 127.5, 254.49999999999997, 254.5, 255, 255.49999999999997, 255.5, 1e-300, 4503599627370495.5];
    for (const x of edges) expect(roundNonNegative(x), String(x)).toBe(Math.round(x));
    expect(roundNonNegative(NaN)).toBeNaN();
  });

  it('is Math.round on a million values in 0-256, near halves among them', () => {
    let s = 1;
    const rnd = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
    let differ = 0;
    for (let i = 0; i < 1_000_000; i++) {
      const x = i % 2 ? rnd() * 256 : Math.floor(rnd() * 256) + 0.5 + (rnd() - 0.5) * 2 ** -40 * (i % 7);
      if (roundNonNegative(x) !== Math.round(x)) differ++;
    }
    expect(differ).toBe(0);
  });
});
