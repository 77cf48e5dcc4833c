/**
 * The packed fingerprint index: every registered fingerprint in one Uint32Array (8 words each, grouped by work),
 * searched by multi-index hashing. Each of the 8 words is a table: fingerprints are bucketed by the top `keyBits`
 * bits of that word (a counting sort, CSR layout, ids packed in 3 bytes). By pigeonhole, two fingerprints within
 * radius r of each other agree within floor(r / 8) bits on at least one word, so probing, in every table, the
 * buckets whose key is within that many bits of the query's finds every hit; a candidate is checked only in the
 * first table where it qualifies, so it is reported once. The result is exactly what a linear scan returns
 * (tests/unit/index.test.ts proves it with fast-check on random and clustered data). At a radius whose probe count
 * would exceed a scan's cost, it scans. Measured in docs/benchmarks.md (`npm run bench:index`).
 */
import { HASH_WORDS, hexToWords, popcount32 } from './bits.js';
import { hashComplexity } from './quality.js';

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
const TABLES = HASH_WORDS;
/** Beyond this many key bits flipped per table, probing costs more than a scan. */
const MAX_PROBE_FLIPS = 3;

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
  readonly keyBits: number;
  private readonly hashes: Uint32Array;
  private readonly starts: Uint32Array;
  readonly workIds: string[];
  /** TABLES x (2^keyBits + 1) bucket starts. */
  private readonly offsets: Uint32Array;
  /** TABLES x size ids, 3 bytes each, little-endian. */
  private readonly ids: Uint8Array;
  private readonly masks = new Map<number, Uint32Array>();

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
    // About 16 fingerprints per bucket: fewer key bits for a small registry keeps the offsets small.
    this.keyBits = Math.max(4, Math.min(16, Math.ceil(Math.log2(Math.max(this.size, 1))) - 4));
    const buckets = 1 << this.keyBits;
    const shift = 32 - this.keyBits;
    this.offsets = new Uint32Array(TABLES * (buckets + 1));
    this.ids = new Uint8Array(TABLES * this.size * 3);
    // Counting sort by the low bits of the word first, then (stably) by the key: each bucket ends up sorted by the
    // rest of the word, so a probe that may not flip any more bits binary-searches its bucket instead of walking it.
    const low = 32 - this.keyBits;
    const lowBuckets = 1 << Math.min(low, 16);
    const lowShift = Math.max(0, low - 16);
    const lowMask = (1 << low) - 1;
    const byLow = new Uint32Array(this.size);
    const lowCount = new Uint32Array(lowBuckets + 1);
    const fill = new Uint32Array(buckets);
    for (let t = 0; t < TABLES; t++) {
      lowCount.fill(0);
      for (let i = 0; i < this.size; i++) lowCount[1 + ((hashes[i * HASH_WORDS + t]! & lowMask) >>> lowShift)]!++;
      for (let b = 0; b < lowBuckets; b++) lowCount[b + 1]! += lowCount[b]!;
      for (let i = 0; i < this.size; i++) byLow[lowCount[(hashes[i * HASH_WORDS + t]! & lowMask) >>> lowShift]!++] = i;
      const off = t * (buckets + 1);
      for (let i = 0; i < this.size; i++) this.offsets[off + 1 + (hashes[i * HASH_WORDS + t]! >>> shift)]!++;
      for (let b = 0; b < buckets; b++) this.offsets[off + b + 1]! += this.offsets[off + b]!;
      fill.set(this.offsets.subarray(off, off + buckets));
      const base = t * this.size * 3;
      for (let k = 0; k < this.size; k++) {
        const i = byLow[k]!;
        const j = base + 3 * fill[hashes[i * HASH_WORDS + t]! >>> shift]!++;
        this.ids[j] = i & 0xff;
        this.ids[j + 1] = (i >>> 8) & 0xff;
        this.ids[j + 2] = i >>> 16;
      }
    }
  }

  /** Bytes held by the index (fingerprints, tables, work starts; not the work id strings). */
  get bytes(): number {
    return this.hashes.byteLength + this.offsets.byteLength + this.ids.byteLength + this.starts.byteLength;
  }

  packed(): PackedFingerprints {
    return { workIds: this.workIds, starts: this.starts, hashes: this.hashes };
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
    const s = Math.floor(radius / TABLES);
    if (s > MAX_PROBE_FLIPS || this.size < 256) return this.scan(q, radius);
    const hits: Hit[] = [];
    this.visit(q, s, (id) => {
      const d = this.distance(id, q);
      if (d <= radius) hits.push({ fp: id, distance: d });
    });
    return hits.sort((a, b) => a.fp - b.fp);
  }

  /**
   * Every fingerprint that agrees with the query within `flips` bits on at least one of its 8 words (two rows of
   * the 16x16 grid), in index order: the candidates for a partial comparison (partial.ts), found through the same
   * tables. Equals `scanWords` exactly (tests/unit/index.test.ts).
   */
  wordCandidates(q: Uint32Array, flips: number): number[] {
    if (flips > MAX_PROBE_FLIPS || this.size < 256) return this.scanWords(q, flips);
    const out: number[] = [];
    this.visit(q, flips, (id) => out.push(id));
    return out.sort((a, b) => a - b);
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

  /** Calls `fn` once for every fingerprint within `s` bits of the query on at least one word. */
  private visit(q: Uint32Array, s: number, fn: (id: number) => void): void {
    const masks = this.masksFor(s);
    const buckets = 1 << this.keyBits;
    const shift = 32 - this.keyBits;
    const h = this.hashes;
    const lowMask = (1 << (32 - this.keyBits)) - 1;
    // Buckets are sorted by (at most) the top 16 of the low bits: compare on exactly those.
    const lowShift = Math.max(0, 16 - this.keyBits);
    const sortKey = (w: number) => ((w & lowMask) >>> lowShift) >>> 0;
    for (let t = 0; t < TABLES; t++) {
      const qt = q[t]!;
      const key = qt >>> shift;
      const off = t * (buckets + 1);
      const base = t * this.size * 3;
      for (let m = 0; m < masks.length; m++) {
        const b = key ^ masks[m]!;
        let e = this.offsets[off + b]!;
        let end = this.offsets[off + b + 1]!;
        if (e === end) continue;
        if (popcount32(masks[m]!) === s) {
          // No flips left for the rest of the word: only entries whose low bits equal the query's qualify, and
          // the bucket is sorted by them.
          const want = sortKey(qt);
          let lo = e;
          let hi = end;
          while (lo < hi) {
            const mid = (lo + hi) >>> 1;
            if (sortKey(h[this.idAt(base, mid) * HASH_WORDS + t]!) < want) lo = mid + 1;
            else hi = mid;
          }
          e = lo;
          hi = end;
          while (lo < hi) {
            const mid = (lo + hi) >>> 1;
            if (sortKey(h[this.idAt(base, mid) * HASH_WORDS + t]!) <= want) lo = mid + 1;
            else hi = mid;
          }
          end = lo;
        }
        for (; e < end; e++) {
          const id = this.idAt(base, e);
          const o = id * HASH_WORDS;
          if (popcount32((h[o + t]! ^ qt) >>> 0) > s) continue;
          let earlier = false;
          for (let u = 0; u < t && !earlier; u++) earlier = popcount32((h[o + u]! ^ q[u]!) >>> 0) <= s;
          if (!earlier) fn(id);
        }
      }
    }
  }

  private idAt(base: number, e: number): number {
    const j = base + 3 * e;
    return this.ids[j]! | (this.ids[j + 1]! << 8) | (this.ids[j + 2]! << 16);
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

  /** XOR masks over the key bits with at most s bits set. */
  private masksFor(s: number): Uint32Array {
    let m = this.masks.get(s);
    if (!m) {
      const list: number[] = [];
      for (let v = 0; v < 1 << this.keyBits; v++) if (popcount32(v) <= s) list.push(v);
      m = Uint32Array.from(list);
      this.masks.set(s, m);
    }
    return m;
  }
}
