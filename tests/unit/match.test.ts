import { describe, expect, it } from 'vitest';
import { hexToWords, wordsToHex } from '../../src/lib/bits.js';
import { FingerprintIndex, MATCH_THRESHOLD } from '../../src/lib/match.js';
import { Matcher } from '../../src/lib/matcher.js';
import type { RegistryContent } from '../../src/lib/types.js';

const A = '3ff0387230333a733bfb90fb807f403078307c20ffc0efc4ff826f903f84b680';
const B = 'd91cb118b11cfc9b88fd88fc28e470cf32cf02505e4f6c5f640775137c0f7c1d';

/** A with its first n bits flipped. */
function flip(hex: string, n: number): string {
  const w = hexToWords(hex);
  for (let i = 0; i < n; i++) w[i >> 5] = (w[i >> 5]! ^ (1 << (31 - (i & 31)))) >>> 0;
  return wordsToHex(w);
}

describe('FingerprintIndex', () => {
  it('finds fingerprints within the radius and not beyond it', () => {
    const idx = new FingerprintIndex(1);
    idx.add('a', A);
    idx.add('b', B);
    expect(idx.search(flip(A, MATCH_THRESHOLD))).toEqual([{ workId: 'a', distance: MATCH_THRESHOLD }]);
    expect(idx.search(flip(A, MATCH_THRESHOLD + 1))).toEqual([]);
    expect(idx.size).toBe(2);
  });

  it('reports each work once, at its nearest fingerprint, nearest work first', () => {
    const idx = new FingerprintIndex();
    idx.add('a', flip(A, 10));
    idx.add('a', flip(A, 3));
    idx.add('c', flip(A, 5));
    expect(idx.search(A)).toEqual([
      { workId: 'a', distance: 3 },
      { workId: 'c', distance: 5 },
    ]);
  });

  it('agrees with a brute-force scan on random data', () => {
    const idx = new FingerprintIndex();
    const all: Array<[string, string]> = [];
    for (let i = 0; i < 300; i++) {
      const hex = flip(A, Math.floor(Math.random() * 40));
      all.push([`w${i}`, hex]);
      idx.add(`w${i}`, hex);
    }
    const expected = all.filter(([, h]) => hexToWords(h) && distance(h, A) <= MATCH_THRESHOLD).map(([id]) => id).sort();
    expect(idx.search(A).map((h) => h.workId).sort()).toEqual(expected);
  });
});

function distance(a: string, b: string): number {
  let d = 0;
  for (let i = 0; i < 64; i++) d += (parseInt(a[i]!, 16) ^ parseInt(b[i]!, 16)).toString(2).split('1').length - 1;
  return d;
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
      { id: 'w1', source: 'demo', modelId: 'm', fingerprints: [A], addedAt: '2026-01-01' },
      { id: 'orphan', source: 'demo', modelId: 'missing', fingerprints: [B], addedAt: '2026-01-01' },
    ],
  };

  it('joins a hit with its model, creator and a verdict for the page', () => {
    const m = new Matcher(content);
    const [hit] = m.match(flip(A, 4), 'https://news.example/story');
    expect(hit).toMatchObject({ workId: 'w1', distance: 4, verdict: 'unlicensed', model: { name: 'Portrait Muse' }, creator: { name: 'Lin' } });
    expect(m.match(A, 'https://studio.example/')[0]!.verdict).toBe('licensed');
  });

  it('ignores works whose model is missing, and unrelated fingerprints', () => {
    const m = new Matcher(content);
    expect(m.fingerprintCount).toBe(1);
    expect(m.match(B, 'https://a.example/')).toEqual([]);
  });
});
