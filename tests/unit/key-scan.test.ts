import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KEY_WORDS } from '../../src/lib/match/detail/detail-key.js';
import { KEY_MAX } from '../../src/lib/match/detail/detail-verify.js';
import { keyCandidates, scanKeys } from '../../src/lib/match/detail/key-scan.js';

const STRIDE = 2 * KEY_WORDS;
const word = fc.integer({ min: 0, max: 0xffffffff });
/** A key (4 words, the last holding 16 bits as real keys do) with a mask of a given density. */
const key = fc.tuple(fc.array(word, { minLength: 8, maxLength: 8 }), fc.double({ min: 0, max: 1, noNaN: true })).map(([w, density]) => {
  const k = Uint32Array.from(w);
  for (let i = 0; i < KEY_WORDS; i++) {
    let m = 0;
    for (let b = 0; b < 32; b++) if ((k[KEY_WORDS + i]! >>> b) % 7 < density * 7) m |= 1 << b;
    k[KEY_WORDS + i] = (i === KEY_WORDS - 1 ? m & 0xffff : m) >>> 0;
  }
  return k;
});

/** `n` keys near the query's: its words with a few bits flipped, so that many fall around KEY_MAX. */
function near(q: Uint32Array, flips: number[]): Uint32Array {
  const k = q.slice();
  for (const f of flips) k[f % 4]! ^= 1 << (f % 32);
  for (let i = 0; i < STRIDE; i++) k[i] = k[i]! >>> 0;
  return k;
}

describe('scanKeys (key-scan.ts)', () => {
  it('returns exactly what comparing every key with keyDistance returns, on random and on near keys', () => {
    fc.assert(
      fc.property(fc.array(key, { minLength: 1, maxLength: 4 }), fc.array(key, { minLength: 1, maxLength: 60 }), fc.array(fc.array(fc.nat(200), { maxLength: 30 }), { maxLength: 60 }), (qs, random, flips) => {
        const works = [...random, ...flips.map((f, i) => near(qs[i % qs.length]!, f))];
        const keys = new Uint32Array(works.length * STRIDE);
        works.forEach((k, i) => keys.set(k, i * STRIDE));
        const fast = scanKeys(qs, keys, works.length, KEY_MAX);
        expect([...fast].sort((a, b) => a[0] - b[0])).toEqual([...keyCandidates(qs, keys, works.length, KEY_MAX)]);
      }),
      { numRuns: 300 },
    );
  });

  it('finds a near key and never one with too few common reliable bits', () => {
    const q = Uint32Array.from([0x12345678, 0x9abcdef0, 0x0f0f0f0f, 0xffff, 0xffffffff, 0xffffffff, 0xffffffff, 0xffff]);
    const keys = new Uint32Array(3 * STRIDE);
    keys.set(near(q, [1, 2, 3]), 0); // 3 of 112 bits differ
    keys.set(q.map((v, i) => (i < KEY_WORDS ? ~v >>> 0 : v)), STRIDE); // every bit differs
    keys.set([...q.subarray(0, 4), 0xff, 0, 0, 0], 2 * STRIDE); // 8 common bits
    expect([...scanKeys([q], keys, 3, KEY_MAX)]).toEqual([[0, 3 / 112]]);
  });
});
