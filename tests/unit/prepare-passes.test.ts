import { describe, expect, it } from 'vitest';
import { KEY_WORDS } from '../../src/lib/match/detail/detail-key.js';
import { HASH_WORDS, hexToWords, wordsToHex } from '../../src/lib/match/hash/bits.js';
import { flipWords } from '../../src/lib/match/hash/flip.js';
import { Matcher } from '../../src/lib/match/matcher.js';
import { trimmedWordCandidates } from '../../src/lib/match/prepare.js';
import type { Query } from '../../src/lib/match/hash/query.js';
import type { PackedRegistry } from '../../src/lib/match/indexing/packed-registry.js';
import type { Model } from '../../src/lib/types.js';

const MODEL: Model = { id: 'm', source: 'own', creatorId: 'c', name: 'M', license: { personalUse: true, commercialUse: 'forbidden', attributionRequired: false, derivativesAllowed: false }, licensees: [] };

function random(seed: number) {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s ^ (s >>> 15), 2246822519) + 0x9e3779b9) >>> 0);
}

/** 20,000 random fingerprints, 27 a work, every work with detail (random keys). */
function registry(next: () => number): PackedRegistry {
  const fingerprints = 20_000;
  const works = Math.ceil(fingerprints / 27);
  const hashes = Uint32Array.from({ length: fingerprints * HASH_WORDS }, next);
  const starts = Uint32Array.from({ length: works + 1 }, (_, w) => Math.min(fingerprints, w * 27));
  const detailKeys = Uint32Array.from({ length: works * 2 * KEY_WORDS }, next);
  const workIds = Array.from({ length: works }, (_, w) => `w${w}`);
  return { workIds, starts, hashes, workModel: new Uint32Array(works), modelIds: ['m'], detailKeys, hasDetail: new Uint8Array(works).fill(1) };
}

const hex = (next: () => number) => wordsToHex(Uint32Array.from({ length: HASH_WORDS }, next));
const detail = (next: () => number) => Buffer.from(Uint8Array.from({ length: 256 }, () => next() & 0xff)).toString('base64url');

// The trimmed probe's search and the word lookup inside the borders read the same buckets
// (FingerprintIndex.searchWithWords): a lookup reads them once, so giving the query the detail inside its borders,
// which adds that word lookup, reads no more index entries.
describe('prepare: one index pass per probe', () => {
  const next = random(7);
  const m = new Matcher({ creators: [], models: [MODEL] }, registry(next));
  const base: Query = { fingerprint: hex(next), quality: 100, detail: detail(next) };
  const entries = (q: Query) => {
    const before = m.index.entriesRead;
    const p = m.prepare(q);
    return { read: m.index.entriesRead - before, p };
  };

  it('the trimmed probe shares its pass with the word lookup inside the borders', () => {
    const trimmed = hex(next);
    const withDetail = entries({ ...base, trimmed, trimmedDetail: detail(next) });
    const without = entries({ ...base, trimmed });
    expect(withDetail.read).toBeGreaterThan(0);
    expect(withDetail.read).toBe(without.read);
    expect([...withDetail.p.trimmedWords!]).toEqual([...trimmedWordCandidates(m.index, trimmed)]);
  });

  it('a low-detail box that is the trim adds no pass for its word lookup', () => {
    const trimmed = hex(next);
    const both = entries({ ...base, trimmed, trimmedDetail: detail(next), boxed: trimmed, boxedDetail: detail(next) });
    const trimOnly = entries({ ...base, trimmed, trimmedDetail: detail(next), boxed: trimmed });
    expect(both.read).toBe(trimOnly.read);
    expect([...both.p.trimmedWords!]).toEqual([...trimmedWordCandidates(m.index, trimmed)]);
  });
});

// A mirrored probe searches to the variant threshold only: a work its mirror image finds 17-23 bits away is no
// candidate for the detail stage (a mirrored copy is found by the mirrored detail keys), and the pass reads less.
describe('prepare: mirrored probes at the variant threshold', () => {
  const next = random(11);
  const packed = registry(next);
  const m = new Matcher({ creators: [], models: [MODEL] }, packed);
  const work = 100;
  const stored = packed.hashes.slice(packed.starts[work]! * HASH_WORDS, (packed.starts[work]! + 1) * HASH_WORDS);

  it('a work 18 bits from the mirrored query is not a loose candidate', () => {
    const near = stored.slice();
    for (let b = 0; b < 18; b++) near[b >> 2] = (near[b >> 2]! ^ (1 << (b * 7 % 32))) >>> 0;
    const q: Query = { fingerprint: wordsToHex(flipWords(near, 'h')), quality: 100, detail: detail(next) };
    expect(m.index.distance(packed.starts[work]!, flipWords(hexToWords(q.fingerprint), 'h'))).toBe(18);
    expect(m.prepare(q).loose.has(work)).toBe(false);
  });

  it('a work 12 bits from the mirrored query is still a mirrored match', () => {
    const near = stored.slice();
    for (let b = 0; b < 12; b++) near[b >> 2] = (near[b >> 2]! ^ (1 << (b * 7 % 32))) >>> 0;
    const q: Query = { fingerprint: wordsToHex(flipWords(near, 'h')), quality: 100, detail: detail(next) };
    expect(m.prepare(q).best.get(work)?.via).toEqual({ stage: 'hash', flip: 'h' });
  });
});
