/**
 * The packed fingerprint index: every registered fingerprint in one Uint32Array (8 words each, grouped by work),
 * searched by multi-index hashing over one table per word (index-tables.ts: tables, probing, why it is exact).
 * The result is exactly what a linear scan returns (tests/unit/index.test.ts proves it with fast-check on random
 * and clustered data). At a radius whose probe count would exceed a scan's cost, it scans. The tables are built
 * once and stored with the fingerprints (packed-registry.ts), so a start-up does not rebuild them. Measured in
 * docs/benchmarks.md (`npm run bench:index`).
 */
import { HASH_WORDS, hexToWords, popcount32 } from '../hash/bits.js';
import { buildTables, flipsFor, MAX_PROBE_FLIPS, Prober, TABLES, tablesBytes, tablesProblem, type IndexTables } from './index-tables.js';
import { hashComplexity } from '../hash/quality.js';

/**
 * Hamming radius (of 256 bits) within which a page image counts as a copy of a registered work. Measured over the
 * 108 corpus works (docs/benchmarks.md): half-size JPEG-q40 copies sit at median 4, p95 15 bits from their
 * original, while the closest pair of distinct works (two smooth gradient wallpapers) is 24 bits apart.
 */
export const MATCH_THRESHOLD = 20;

/**
 * Radius for every other comparison: crop fingerprints, mirrored and trimmed queries. Each work stores many
 * fingerprints and each query is tried several ways, so unrelated images get many more chances to collide; a
 * tighter radius keeps false matches at zero (docs/benchmarks.md gives recall and false matches per radius).
 */
export const VARIANT_THRESHOLD = 16;

/** Ids are packed in 3 bytes. */
export const MAX_FINGERPRINTS = 1 << 24;

export interface Hit {
  /** Position of the fingerprint in the index (see `owner`). */
  fp: number;
  distance: number;
}

/** The fingerprints of works, in order, as the index stores them and as its stored form keeps them. */
export interface PackedFingerprints {
  /** Work ids, in index order. */
  workIds: string[];
  /** starts[w]..starts[w + 1] are work w's fingerprints; length workIds.length + 1. */
  starts: Uint32Array;
  /** 8 words per fingerprint. */
  hashes: Uint32Array;
  /** The index tables built for these fingerprints, when they come from a stored index (else they are built). */
  tables?: IndexTables;
}

export function packFingerprints(works: Iterable<{ id: string; fingerprints: readonly string[] }>): PackedFingerprints {
  const workIds: string[] = [];
  const starts: number[] = [0];
  const hexes: string[] = [];
  for (const w of works) {
    if (!w.fingerprints.length) continue;
    workIds.push(w.id);
    hexes.push(...w.fingerprints);
    starts.push(hexes.length);
  }
  const hashes = new Uint32Array(hexes.length * HASH_WORDS);
  hexes.forEach((hex, i) => hexToWords(hex, hashes.subarray(i * HASH_WORDS, (i + 1) * HASH_WORDS)));
  return { workIds, starts: Uint32Array.from(starts), hashes };
}

export class FingerprintIndex {
  readonly size: number;
  private readonly hashes: Uint32Array;
  private readonly starts: Uint32Array;
  readonly workIds: string[];
  readonly tables: IndexTables;
  private readonly prober: Prober;

  constructor(packed: PackedFingerprints) {
    const { hashes, starts, workIds } = packed;
    if (hashes.length % HASH_WORDS) throw new Error('packed fingerprints: length is not a multiple of 8 words');
    this.size = hashes.length / HASH_WORDS;
    if (this.size > MAX_FINGERPRINTS) throw new Error(`more than ${MAX_FINGERPRINTS} fingerprints`);
    if (starts.length !== workIds.length + 1 || starts[0] !== 0 || starts[workIds.length] !== this.size) {
      throw new Error('packed fingerprints: work starts do not cover the fingerprints');
    }
    for (let w = 0; w < workIds.length; w++) if (starts[w]! >= starts[w + 1]!) throw new Error('packed fingerprints: a work without fingerprints');
    this.hashes = hashes;
    this.starts = starts;
    this.workIds = workIds;
    const problem = packed.tables && tablesProblem(packed.tables, this.size);
    if (problem) throw new Error(problem);
    this.tables = packed.tables ?? buildTables(hashes, this.size);
    this.prober = new Prober(hashes, this.size, this.tables);
  }

  /** Bytes held by the index (fingerprints, tables, work starts; not the work id strings). */
  get bytes(): number {
    return this.hashes.byteLength + tablesBytes(this.tables) + this.starts.byteLength;
  }

  /** Table entries read by every search so far (tests count them instead of timing; scans are not counted). */
  get entriesRead(): number {
    return this.prober.read;
  }

  /** The fingerprints with their tables, as the stored form keeps them. */
  packed(): PackedFingerprints {
    return { workIds: this.workIds, starts: this.starts, hashes: this.hashes, tables: this.tables };
  }

  /** Which work fingerprint `fp` belongs to, and its position among that work's fingerprints (0 = whole image). */
  owner(fp: number): { work: number; variant: number } {
    let lo = 0;
    let hi = this.workIds.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= fp) lo = mid;
      else hi = mid - 1;
    }
    return { work: lo, variant: fp - this.starts[lo]! };
  }

  /** hashComplexity of a stored fingerprint. */
  complexity(fp: number): number {
    return hashComplexity(this.hashes, fp * HASH_WORDS);
  }

  /** The 8 words of a stored fingerprint (a view, not a copy). */
  words(fp: number): Uint32Array {
    return this.hashes.subarray(fp * HASH_WORDS, (fp + 1) * HASH_WORDS);
  }

  distance(fp: number, q: Uint32Array): number {
    let d = 0;
    const o = fp * HASH_WORDS;
    for (let k = 0; k < HASH_WORDS; k++) d += popcount32((this.hashes[o + k]! ^ q[k]!) >>> 0);
    return d;
  }

  /** Every fingerprint within `radius` bits of the query, in index order. */
  search(q: Uint32Array, radius = MATCH_THRESHOLD): Hit[] {
    const flips = flipsFor(radius);
    if (!flips || this.size < 256) return this.scan(q, radius);
    const hits: Hit[] = [];
    for (const id of this.prober.candidates(q, flips)) {
      const d = this.distance(id, q);
      if (d <= radius) hits.push({ fp: id, distance: d });
    }
    return hits.sort((a, b) => a.fp - b.fp);
  }

  /**
   * Every fingerprint that agrees with the query within `flips` bits on at least one of its 8 words (two rows of
   * the 16x16 grid), in index order: the candidates for a partial comparison (partial.ts), found through the same
   * tables. Equals `scanWords` exactly (tests/unit/index.test.ts).
   */
  wordCandidates(q: Uint32Array, flips: number): number[] {
    if (flips > MAX_PROBE_FLIPS || this.size < 256) return this.scanWords(q, flips);
    return Array.from(this.prober.candidates(q, new Int8Array(TABLES).fill(flips)).sort());
  }

  /**
   * `search(q, radius)` and `wordCandidates(q, flips)` at once. When the radius probes every table within `flips`
   * (23 and 2: the matcher's loose radius and its word lookup), both read the same buckets and keep the same
   * candidates, so the hits are the word candidates within the radius: one probe pass instead of two.
   */
  searchWithWords(q: Uint32Array, radius: number, flips: number): { hits: Hit[]; words: number[] } {
    const probe = flipsFor(radius);
    const same = probe && this.size >= 256 && flips <= MAX_PROBE_FLIPS && probe.every((s) => s === flips);
    if (!same) return { hits: this.search(q, radius), words: this.wordCandidates(q, flips) };
    const words = this.wordCandidates(q, flips);
    const hits: Hit[] = [];
    for (const fp of words) {
      const d = this.distance(fp, q);
      if (d <= radius) hits.push({ fp, distance: d });
    }
    return { hits, words };
  }

  /** The linear scan `wordCandidates` must agree with. */
  scanWords(q: Uint32Array, flips: number): number[] {
    const out: number[] = [];
    for (let i = 0; i < this.size; i++) {
      const o = i * HASH_WORDS;
      for (let t = 0; t < TABLES; t++) {
        if (popcount32((this.hashes[o + t]! ^ q[t]!) >>> 0) <= flips) {
          out.push(i);
          break;
        }
      }
    }
    return out;
  }

  /** The linear scan `search` must agree with (and the benchmark's baseline). */
  scan(q: Uint32Array, radius = MATCH_THRESHOLD): Hit[] {
    const hits: Hit[] = [];
    for (let i = 0; i < this.size; i++) {
      const d = this.distance(i, q);
      if (d <= radius) hits.push({ fp: i, distance: d });
    }
    return hits;
  }
}
