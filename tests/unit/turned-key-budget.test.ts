/**
 * The turned keys (turned-keys.ts: a flat-corner page read back as a work turned 5 degrees, inner cells only) probe
 * the key index of a large registry within FIT_KEY_BUDGET buckets each, as the fit keys do: they keep only a
 * near-exact agreement (TURNED_MAX), and unbounded they probed about 1,000 buckets each at 37,000 works.
 */
import { describe, expect, it } from 'vitest';
import { KEY_WORDS } from '../../src/lib/match/detail/detail-key.js';
import { detailQueryOf } from '../../src/lib/match/detail/detail-verify.js';
import { FIT_KEY_BUDGET, turnedKeys } from '../../src/lib/match/detail/rotate/turned-keys.js';
import { pageAspectOf } from '../../src/lib/match/detail/detail-geometry.js';
import { HASH_WORDS, wordsToHex } from '../../src/lib/match/hash/bits.js';
import { Matcher } from '../../src/lib/match/matcher.js';
import type { Query } from '../../src/lib/match/hash/query.js';
import type { Model } from '../../src/lib/types.js';

const MODEL: Model = { id: 'm', source: 'own', creatorId: 'c', name: 'M', license: { personalUse: true, commercialUse: 'forbidden', attributionRequired: false, derivativesAllowed: false }, licensees: [] };

function random(seed: number) {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s ^ (s >>> 15), 2246822519) + 0x9e3779b9) >>> 0);
}

describe('turned keys in a large registry', () => {
  it('probe at most FIT_KEY_BUDGET key-index buckets each', () => {
    const next = random(3);
    const works = 40_000;
    const detailKeys = Uint32Array.from({ length: works * 2 * KEY_WORDS }, next);
    const packed = {
      workIds: Array.from({ length: works }, (_, w) => `w${w}`), starts: Uint32Array.from({ length: works + 1 }, (_, w) => w),
      hashes: Uint32Array.from({ length: works * HASH_WORDS }, next), workModel: new Uint32Array(works), modelIds: ['m'], detailKeys, hasDetail: new Uint8Array(works).fill(1),
    };
    const m = new Matcher({ creators: [], models: [MODEL] }, packed);
    // A detailed page image whose 2x2 corners are white, as a copy turned on a white canvas.
    const luma = Uint8Array.from({ length: 256 }, () => next() & 0xff);
    for (const [x, y] of [[0, 0], [14, 0], [0, 14], [14, 14]] as const) for (const o of [0, 1, 16, 17]) luma[y * 16 + x + o] = 255;
    const q: Query = { fingerprint: wordsToHex(Uint32Array.from({ length: HASH_WORDS }, next)), quality: 100, detail: Buffer.from(luma).toString('base64url') };
    const size = { width: 1200, height: 800 };
    const turned = turnedKeys(detailQueryOf(q.detail!)!.luma, pageAspectOf(size));
    expect(turned.length).toBe(2);
    const probes = (query: Query) => {
      const before = m.keys.keyIndex!.probes;
      m.prepare(query);
      return m.keys.keyIndex!.probes - before;
    };
    probes(q);
    // Only the page's size differs: without it no turned key is made.
    const turnedProbes = probes({ ...q, size }) - probes(q);
    expect(turnedProbes).toBeGreaterThan(0);
    expect(turnedProbes).toBeLessThanOrEqual(turned.length * FIT_KEY_BUDGET);
  });
});
