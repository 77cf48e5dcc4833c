import { describe, expect, it } from 'vitest';
import { MAX_VERIFIED } from '../../src/lib/match/detail/detail-verify.js';
import { type Prepared, thumbsNeeded } from '../../src/lib/match/lookup-phases.js';

/** A prepared lookup with only what thumbsNeeded reads: hash matches, and key and hash candidates by distance. */
function prepared(best: number[], keyed: [number, number][], loose: [number, number][] = []): Prepared {
  return {
    best: new Map(best.map((w) => [w, {}])),
    keyed: new Map(keyed),
    loose: new Map(loose),
    fitKeyed: new Map(),
    fitLoose: new Map(),
  } as unknown as Prepared;
}

describe('thumbsNeeded', () => {
  const has = new Uint8Array(100).fill(1);
  // Works 10..39 at key distance 0.01 * (work - 10), so nearer works have smaller numbers.
  const keyed = Array.from({ length: 30 }, (_, i) => [10 + i, 0.01 * i] as [number, number]);

  it('reads the hash matches and the nearest MAX_VERIFIED key candidates, ties at the last distance included', () => {
    const needs = thumbsNeeded(prepared([3], [...keyed, [90, 0.01 * (MAX_VERIFIED - 1)]]), has).sort((a, b) => a - b);
    expect(needs).toEqual([3, ...Array.from({ length: MAX_VERIFIED }, (_, i) => 10 + i), 90]);
  });

  it('skips works without a thumbnail and works a hash match takes, without counting them', () => {
    const some = has.slice();
    some[10] = 0;
    const needs = thumbsNeeded(prepared([11], keyed), some);
    expect(needs).not.toContain(10);
    expect(needs.filter((w) => w >= 10).sort((a, b) => a - b)).toEqual([11, ...Array.from({ length: MAX_VERIFIED }, (_, i) => 12 + i)]);
  });

  it('with a lower limit (bench/lookup-tradeoff.ts), reads that many a source, nearest first, ties at the last distance included', () => {
    const loose: [number, number][] = [[50, 4], [51, 2], [52, 9], [53, 12]];
    const needs = thumbsNeeded(prepared([], [...keyed, [91, 0.02]], loose), has, 3).sort((a, b) => a - b);
    expect(needs).toEqual([10, 11, 12, 50, 51, 52, 91]);
    expect(thumbsNeeded(prepared([3], keyed, loose), has, 0)).toEqual([3]);
  });
});
