/**
 * What the fit probes and fit keys (a page read as a work turned and cropped to fit: turned-hash.ts, turned-keys.ts)
 * may cost a lookup in a large registry: every page image of known size makes them, so their candidates are verified
 * only in the slots the others leave, the probes look no further than the variant threshold, and each fit key
 * probes a bounded number of key-index buckets.
 */
import { describe, expect, it } from 'vitest';
import { detailCandidates } from '../../src/lib/match/detail/detail-stage.js';
import { freeCandidates, type Prepared } from '../../src/lib/match/lookup-phases.js';
import { MAX_VERIFIED } from '../../src/lib/match/detail/detail-verify.js';
import { FIT_KEY_BUDGET } from '../../src/lib/match/detail/rotate/turned-keys.js';
import { KEY_WORDS } from '../../src/lib/match/detail/detail-key.js';
import { KEY_MAX } from '../../src/lib/match/detail/detail-verify.js';
import { VARIANT_THRESHOLD } from '../../src/lib/match/indexing/fingerprint-index.js';
import { KeyIndex } from '../../src/lib/match/indexing/key-index.js';
import { queryOf } from '../../src/lib/match/hash/query.js';
import { decodeForHash } from '../../src/node/decode.js';
import { matcherOf } from './helpers/matcher-of.js';

const img = (name: string) => new URL(`../../demo/images/${name}`, import.meta.url).pathname;
/** `hex` with its first `n` bits flipped. */
const flipped = (hex: string, n: number) => [...hex].map((ch, i) => (i < n / 4 ? (parseInt(ch, 16) ^ 15).toString(16) : ch)).join('');

describe('fit candidates', () => {
  it('are verified after every key and hash candidate, however near, and keep an earlier place they already have', () => {
    const order = detailCandidates(new Map([[1, 0.2]]), new Map([[2, 20], [5, 22]]), new Map([[3, 0], [1, 0]]), new Map([[4, 0], [6, 3]]));
    expect(order).toEqual([1, 2, 5, 3, 4, 6]);
  });

  it('are not looked up when the key and hash candidates fill every verification slot', () => {
    const has = new Uint8Array(40).fill(1);
    has[3] = 0;
    const p = (keyed: number[], loose: number[], best: number[] = []): Prepared => ({
      q: { fingerprint: '0'.repeat(64), quality: 100 }, best: new Map(best.map((w) => [w, { distance: 0, via: { stage: 'hash' } }])), loose: new Map(loose.map((w) => [w, 20])),
      inBorders: new Set(), inBox: new Set(), keyed: new Map(keyed.map((w) => [w, 0.1])), fitKeyed: new Map(), fitLoose: new Map(), needs: [],
    });
    // A work without a thumbnail or already matched takes no slot; one in both sources, one.
    expect(freeCandidates(p([0, 1, 2, 3], [2, 4, 5], [5]), has)).toBe(4);
    expect(freeCandidates(p([...Array(20).keys()], []), has)).toBe(MAX_VERIFIED);
    expect(freeCandidates({ ...p([], []), words: [{ fp: 0, work: 7, partly: true, distance: 3 }, { fp: 1, work: 8, partly: false, distance: 9 }], trimmedWords: new Map([[9, 4]]) }, has)).toBe(2);
  });

  it('from the fit probes: works within the variant threshold, kept apart from the hash candidates', async () => {
    const m = await matcherOf([['chelsea', img('chelsea.jpg')], ['coffee', img('coffee.jpg')]]);
    const q = queryOf(await decodeForHash(img('coffee.jpg')), { width: 400, height: 300 });
    const chelsea = m.nearest(queryOf(await decodeForHash(img('chelsea.jpg'))));
    expect(chelsea.size).toBe(1);
    const own = queryOf(await decodeForHash(img('chelsea.jpg'))).fingerprint;
    const near = m.prepare({ ...q, fit: [flipped(own, VARIANT_THRESHOLD - 4)] });
    expect(near.fitLoose.get(0)).toBeLessThanOrEqual(VARIANT_THRESHOLD);
    expect(near.loose.has(0)).toBe(false);
    // 20 bits: within the loose radius (23) the turned probes of a flat-corner page search, past the fit probes'.
    expect(m.prepare({ ...q, fit: [flipped(own, 20)] }).fitLoose.has(0)).toBe(false);
  });

  it('from the fit keys: a bounded number of key-index buckets each, whatever the key', () => {
    const works = 1 << 16;
    const keys = new Uint32Array(works * 2 * KEY_WORDS);
    let seed = 5;
    const next = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0), seed);
    for (let i = 0; i < keys.length; i++) keys[i] = next();
    const index = new KeyIndex(keys, works);
    // A key with about half its bits unreliable, as a fit key's (inner 6x6 cells only): more buckets than the budget.
    const q = new Uint32Array(2 * KEY_WORDS).map((_, i) => next() & (i % KEY_WORDS === KEY_WORDS - 1 ? 0xffff : 0xffffffff));
    index.near([q], KEY_MAX, () => new Map(), FIT_KEY_BUDGET);
    expect(index.probes).toBeGreaterThan(0);
    expect(index.probes).toBeLessThanOrEqual(FIT_KEY_BUDGET);
  });
});
