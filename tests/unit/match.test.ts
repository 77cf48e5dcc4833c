import { describe, expect, it } from 'vitest';
import { hexToWords, wordsToHex } from '../../src/lib/match/hash/bits.js';
import { flipWords } from '../../src/lib/match/hash/flip.js';
import { MATCH_THRESHOLD } from '../../src/lib/match/indexing/fingerprint-index.js';
import { Matcher } from '../../src/lib/match/matcher.js';
import type { RegistryContent } from '../../src/lib/types.js';

const A = '3ff0387230333a733bfb90fb807f403078307c20ffc0efc4ff826f903f84b680';
const B = 'd91cb118b11cfc9b88fd88fc28e470cf32cf02505e4f6c5f640775137c0f7c1d';
/** Stands for a crop variant of A (any second fingerprint of the work). */
const C = '010707cf07f30ff30c7705e707efc3c0f10fe00fe05fc057d057e827e04ff00f';

/** A with n bits flipped, `step` bits apart (spread over the grid, so that no rectangle holds them: partial.ts). */
function flip(hex: string, n: number, step = 1): string {
  const w = hexToWords(hex);
  for (let k = 0; k < n; k++) {
    const i = (k * step) % 256;
    w[i >> 5] = (w[i >> 5]! ^ (1 << (31 - (i & 31)))) >>> 0;
  }
  return wordsToHex(w);
}

describe('Matcher', () => {
  const content: RegistryContent = {
    creators: [{ id: 'c', source: 'demo', name: 'Lin', homepage: 'https://creator.example' }],
    models: [
      {
        id: 'm',
        source: 'demo',
        creatorId: 'c',
        name: 'Portrait Muse',
        license: { personalUse: true, commercialUse: 'license-required', attributionRequired: false, derivativesAllowed: false },
        licensees: [{ name: 'Studio', sites: ['studio.example'] }],
      },
    ],
    works: [
      { id: 'w1', source: 'demo', modelId: 'm', fingerprints: [A, C], addedAt: '2026-01-01' },
      { id: 'orphan', source: 'demo', modelId: 'missing', fingerprints: [B], addedAt: '2026-01-01' },
    ],
  };

  it('joins a hit with its model, creator and a verdict for the page', () => {
    const m = new Matcher(content);
    const [hit] = m.match(flip(A, 4), 'https://news.example/story');
    expect(hit).toMatchObject({ workId: 'w1', distance: 4, verdict: 'unlicensed', model: { name: 'Portrait Muse' }, creator: { name: 'Lin' }, reason: 'fingerprint', hints: { changes: [{ kind: 'resized' }], similarity: 98, decidedBy: 'hash', size: { width: 256, height: 256 } } });
    expect(m.match(A, 'https://studio.example/')[0]!.verdict).toBe('licensed');
  });

  it('ignores works whose model is missing, and unrelated fingerprints', () => {
    const m = new Matcher(content);
    expect(m.fingerprintCount).toBe(2);
    expect(m.match(B, 'https://a.example/')).toEqual([]);
  });
});

describe('Matcher probes and hints', () => {
  const m = () =>
    new Matcher({
      creators: [],
      models: [{ id: 'm', source: 'own', creatorId: 'c', name: 'M', license: { personalUse: true, commercialUse: 'forbidden', attributionRequired: false, derivativesAllowed: false }, licensees: [] }],
      works: [{ id: 'w', source: 'own', modelId: 'm', fingerprints: [A, C], addedAt: '' }],
    });
  const hintsOf = (q: Parameters<Matcher['match']>[0]) => m().match(q, 'https://x.example/').map((w) => w.hints?.changes.map((c) => c.kind));

  it('matches at the threshold and not one bit beyond', () => {
    expect(hintsOf({ fingerprint: flip(A, MATCH_THRESHOLD, 37), quality: 100 })).toEqual([['resized']]);
    // One bit beyond, only the partial comparison can match (scattered noise, most of it outside any rectangle).
    expect(hintsOf({ fingerprint: flip(A, MATCH_THRESHOLD + 1, 37), quality: 100 })).toEqual([['redrawn']]);
    expect(hintsOf({ fingerprint: flip(A, 60, 37), quality: 100 })).toEqual([]);
  });

  it('says partly-edited when the bits beyond the threshold all lie in one rectangle', () => {
    // The first 48 bits are rows 0-2 of the grid: 48 cells, under PARTIAL_MAX_CELLS.
    expect(m().match(flip(A, 48), 'https://x.example/').map((w) => [w.hints?.changes.map((c) => c.kind), w.distance])).toEqual([[['redrawn'], 48]]);
  });

  it('says what changed without detail, from the hash: nothing, recompressed, mirrored, cropped (a crop fingerprint), a border (the trimmed query)', () => {
    expect(hintsOf({ fingerprint: A, quality: 100 })).toEqual([['same']]);
    expect(hintsOf({ fingerprint: flip(A, 3), quality: 100 })).toEqual([['resized']]);
    expect(hintsOf({ fingerprint: wordsToHex(flipWords(hexToWords(A), 'h')), quality: 100 })).toEqual([['mirrored']]);
    expect(hintsOf({ fingerprint: wordsToHex(flipWords(hexToWords(flip(A, 2)), 'v')), quality: 100 })).toEqual([['mirrored']]);
    expect(m().match({ fingerprint: wordsToHex(flipWords(hexToWords(A), 'v')), quality: 100 }, 'https://x.example/')[0]!.hints!.changes).toEqual([{ kind: 'mirrored', axis: 'v' }]);
    expect(m().match({ fingerprint: flip(C, 5), quality: 100 }, 'https://x.example/')[0]!.hints!.changes).toEqual([{ kind: 'cropped', sides: { left: 0.04, top: 0, right: 0, bottom: 0 } }]);
    expect(hintsOf({ fingerprint: B, trimmed: A, quality: 100 })).toEqual([['border']]);
  });

  it('gives a plain (low-complexity) hash only the plain whole-image comparison', () => {
    const stair = Array.from({ length: 16 }, (_, r) => ((0xffff >>> r) & 0xffff).toString(16).padStart(4, '0')).join('');
    const plainWork = new Matcher({
      creators: [],
      models: [{ id: 'm', source: 'own', creatorId: 'c', name: 'M', license: { personalUse: true, commercialUse: 'forbidden', attributionRequired: false, derivativesAllowed: false }, licensees: [] }],
      works: [{ id: 'w', source: 'own', modelId: 'm', fingerprints: [A, stair], addedAt: '' }],
    });
    expect(plainWork.match({ fingerprint: stair, quality: 100 }, 'https://x.example/')).toEqual([]);
    expect(plainWork.match({ fingerprint: wordsToHex(flipWords(hexToWords(stair), 'h')), quality: 100 }, 'https://x.example/')).toEqual([]);
  });

  it('never flags a low-quality image, however close its fingerprint', () => {
    expect(m().match({ fingerprint: A, quality: 10 }, 'https://x.example/')).toEqual([]);
  });
});
