/**
 * Radius search over registered fingerprints. All fingerprints live in one packed Uint32Array (8 words each), so
 * a scan touches contiguous memory and the whole set loads from one stored blob.
 */
import { HASH_WORDS, hammingWords, hexToWords } from './bits.js';

/**
 * Hamming radius (of 256 bits) within which a page image counts as a copy of a registered work. Measured over the
 * 108 corpus works (docs/benchmarks.md): half-size JPEG-q40 copies sit at median 4, p95 15 bits from their
 * original, while the closest pair of distinct works (two smooth gradient wallpapers) is 24 bits apart.
 */
export const MATCH_THRESHOLD = 20;

export interface Hit {
  workId: string;
  distance: number;
}

export class FingerprintIndex {
  private words: Uint32Array;
  private ids: string[] = [];

  constructor(capacity = 64) {
    this.words = new Uint32Array(capacity * HASH_WORDS);
  }

  get size(): number {
    return this.ids.length;
  }

  add(workId: string, fingerprintHex: string): void {
    if ((this.ids.length + 1) * HASH_WORDS > this.words.length) {
      const grown = new Uint32Array(Math.max(this.words.length * 2, HASH_WORDS * 64));
      grown.set(this.words);
      this.words = grown;
    }
    hexToWords(fingerprintHex, this.words.subarray(this.ids.length * HASH_WORDS, (this.ids.length + 1) * HASH_WORDS));
    this.ids.push(workId);
  }

  /** Every work with a fingerprint within `radius` of the query, nearest first, each work once (its nearest fingerprint). */
  search(queryHex: string, radius = MATCH_THRESHOLD): Hit[] {
    const q = hexToWords(queryHex);
    const best = new Map<string, number>();
    for (let i = 0; i < this.ids.length; i++) {
      const d = hammingWords(this.words, q, i * HASH_WORDS);
      if (d > radius) continue;
      const id = this.ids[i]!;
      const prev = best.get(id);
      if (prev === undefined || d < prev) best.set(id, d);
    }
    return [...best].map(([workId, distance]) => ({ workId, distance })).sort((a, b) => a.distance - b.distance);
  }
}
