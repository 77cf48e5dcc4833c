/**
 * The works' detail keys (detail-key.ts: 112 sign bits of an 8x8 grid's neighbour differences, with a mask of the
 * reliable ones) indexed, so that a lookup in a large registry does not compare the query with every work's key
 * (key-scan.ts does, below KEY_INDEX_MIN_WORKS works with a key, where that is exact and cheap).
 *
 * Table t buckets every work with a key by its sign bits in one block of the 112 (8-18 bits from bit 14t: a region of
 * the grid; more bits for more works, about four works a bucket), the work's mask ignored. A query key probes each
 * table with its own bits there, every combination of the bits it does not find reliable, so a work is found when,
 * in some block, it agrees with the query on every bit the query finds reliable. Each work found is then compared
 * exactly (the distance `keyDistance` gives) and kept within `max`: the result is a subset of the scan's, with the
 * same distances, in the scan's order (by the first query key that keeps it, then by work).
 *
 * It is a hashing search, not an exact one: a work within `max` whose signs differ from the query's on a reliable
 * bit of every block is missed. A copy's key rarely does (docs/matching.md, "Detail keys": recall by key distance
 * and agreement of the nearest candidates with the scan's). A table whose block leaves more than MAX_UNRELIABLE of
 * the query key's bits unreliable is not probed (2^n probes), and of the others a key probes its most reliable ones
 * within KEY_PROBE_BUDGET buckets (a subset again); a key that can probe fewer than MIN_TABLES tables
 * (a plain image's) is compared with every work in an index of up to SPARSE_SCAN_MAX_WORKS works, and beyond probes
 * its most reliable tables within SPARSE_PROBES buckets (a subset again), so no lookup loops over every work. Pure.
 */
import { commonNeeded, KEY_WORDS, keyDistance } from '../detail/detail-key.js';
import { popcount32 } from '../hash/bits.js';
import { grown, KEY_TABLES, keyBlock, keyIndexBits, sparseTables } from './key-blocks.js';

const STRIDE = 2 * KEY_WORDS;
/** Below this many works with a key, the matcher compares every key (key-scan.ts: exact, and under 0.3 ms). */
export const KEY_INDEX_MIN_WORKS = 4096;
/** Most unreliable query bits in a probed block (2^n probes each). */
export const MAX_UNRELIABLE = 9;
/**
 * Buckets a query key probes at most, its most reliable tables first (two tables' at MAX_UNRELIABLE): a page image's
 * key often has several tables near MAX_UNRELIABLE, and the copies only those find have a hash or word candidate
 * too (docs/matching.md, "Detail keys").
 */
export const KEY_PROBE_BUDGET = 2 ** (MAX_UNRELIABLE + 1);
/** A query key that can probe fewer tables than this is sparse (a plain image's): see SPARSE_PROBES. */
export const MIN_TABLES = 2;
/**
 * A sparse key is compared with every work up to this many works with a key (the scan of its four keys costs about
 * what the index's probes do); beyond, it probes the tables with the fewest unreliable bits, at most SPARSE_PROBES
 * buckets in all, so that no lookup loops over every work.
 */
export const SPARSE_SCAN_MAX_WORKS = 16384;

export class KeyIndex {
  readonly bits: number;
  /** KEY_TABLES x (2^bits + 1) bucket starts. */
  private readonly offsets: Uint16Array | Uint32Array;
  /** KEY_TABLES x `indexed` work numbers, bucketed. */
  private readonly entries: Uint16Array | Uint32Array;
  private readonly indexed: number;
  /** Buckets probed and keys compared since construction (what tests count instead of timing). */
  probes = 0;
  compared = 0;
  /** Scratch: probed buckets' entry bounds, and the works in them. */
  private from = new Uint32Array(256);
  private to = new Uint32Array(256);
  private found = new Uint32Array(1024);
  /** Scratch of `near`: first key * span + work, a number each; span a power of two above every work. */
  private order = new Float64Array(256);
  /**
   * The works `near` has found, in a scratch list, a work found twice listed twice (a Set per lookup was a few KB for
   * the collector, whose minor collections land inside lookups).
   */
  private seen = new Uint32Array(256);
  private seenN = 0;
  /** Scratch of `probe`: each table's unreliable query bits. */
  private readonly unreliable = new Int32Array(KEY_TABLES);
  private readonly span: number;
  /** What the touching reads add up to, kept so that they are not optimised away. */
  sink = 0;

  /** `scanMax`: works with a key up to which a sparse key is compared with every work (SPARSE_SCAN_MAX_WORKS). */
  constructor(
    private readonly keys: Uint32Array,
    works: number,
    private readonly scanMax = SPARSE_SCAN_MAX_WORKS,
  ) {
    this.bits = keyIndexBits(works);
    this.span = 2 ** Math.ceil(Math.log2(works + 1));
    const buckets = 1 << this.bits;
    const withKey: number[] = [];
    for (let w = 0; w < works; w++) if (keys[w * STRIDE + 4]! | keys[w * STRIDE + 5]! | keys[w * STRIDE + 6]! | keys[w * STRIDE + 7]!) withKey.push(w);
    this.indexed = withKey.length;
    this.offsets = withKey.length <= 0xffff ? new Uint16Array(KEY_TABLES * (buckets + 1)) : new Uint32Array(KEY_TABLES * (buckets + 1));
    this.entries = works <= 0x10000 ? new Uint16Array(KEY_TABLES * withKey.length) : new Uint32Array(KEY_TABLES * withKey.length);
    const fill = new Uint32Array(buckets);
    for (let t = 0; t < KEY_TABLES; t++) {
      const off = t * (buckets + 1);
      for (const w of withKey) this.offsets[off + 1 + keyBlock(keys, w * STRIDE, t, this.bits)]!++;
      for (let b = 0; b < buckets; b++) this.offsets[off + b + 1]! += this.offsets[off + b]!;
      fill.set(this.offsets.subarray(off, off + buckets));
      const base = t * withKey.length;
      for (const w of withKey) this.entries[base + fill[keyBlock(keys, w * STRIDE, t, this.bits)]!++] = w;
    }
  }

  /** Bytes held (not the keys themselves, which the packed registry holds). */
  get bytes(): number {
    return this.offsets.byteLength + this.entries.byteLength;
  }

  /**
   * Works found within `max` of one of the query keys, each with its nearest distance over all of them (as the scan
   * gives it, also when a table found it for one key only), in the scan's order: by the first key within `max`, then
   * by work. The first `capped` keys probe within KEY_PROBE_BUDGET buckets each (KeyStage: the query's own keys, not
   * the extra ones); `budget` bounds every key instead.
   */
  near(queryKeys: readonly Uint32Array[], max: number, scan: (key: Uint32Array) => Map<number, number>, budget?: number, capped = queryKeys.length): Map<number, number> {
    this.seenN = 0;
    for (let k = 0; k < queryKeys.length; k++) {
      const q = queryKeys[k]!;
      if (!this.probe(q, max, budget, k < capped)) for (const w of scan(q).keys()) this.see(w);
    }
    const seen = this.seen;
    // Sorted as numbers (first key within `max`, then work), not as tuples: a tuple per candidate was the most a
    // lookup allocated, and its minor collections land inside lookups (docs/benchmarks.md, the whole lookup's p99).
    if (this.order.length < this.seenN) this.order = new Float64Array(2 * this.seenN);
    let n = 0;
    for (let i = 0; i < this.seenN; i++) {
      const w = seen[i]!;
      let first = 0;
      while (first < queryKeys.length && keyDistance(queryKeys[first]!, this.keys, w * STRIDE) > max) first++;
      // A work a fallback scan named that no query key comes within `max` of is not near.
      if (first < queryKeys.length) this.order[n++] = first * this.span + w;
    }
    const order = this.order.subarray(0, n).sort();
    const out = new Map<number, number>();
    for (let i = 0; i < n; i++) {
      if (i && order[i] === order[i - 1]) continue; // a work found twice
      const w = order[i]! % this.span;
      let best = 1;
      for (let k = (order[i]! - w) / this.span; k < queryKeys.length; k++) best = Math.min(best, keyDistance(queryKeys[k]!, this.keys, w * STRIDE));
      out.set(w, best);
    }
    return out;
  }

  /**
   * Probes every table the key can probe, adding the works within `max` to `near`'s list (`see`); false when too few can be. With a
   * `budget`, only its most reliable tables within that many buckets (`sparseTables`), whatever the key; `capped`,
   * within KEY_PROBE_BUDGET.
   */
  private probe(q: Uint32Array, max: number, budget: number | undefined, capped: boolean): boolean {
    const reliable = popcount32(q[4]!) + popcount32(q[5]!) + popcount32(q[6]!) + popcount32(q[7]!);
    const need = commonNeeded(reliable);
    if (reliable < need) return true; // no work can have enough common bits
    const all = (1 << this.bits) - 1;
    const unreliable = this.unreliable;
    let probable = 0;
    for (let t = 0; t < KEY_TABLES; t++) if ((unreliable[t] = popcount32(~keyBlock(q, 4, t, this.bits) & all)) <= MAX_UNRELIABLE) probable++;
    let tables: number[];
    if (budget !== undefined) tables = sparseTables(unreliable, budget);
    else if (probable >= MIN_TABLES) tables = capped ? sparseTables(unreliable, KEY_PROBE_BUDGET) : sparseTables(unreliable, Infinity, MAX_UNRELIABLE);
    else if (this.indexed <= this.scanMax) return false;
    else tables = sparseTables(unreliable);
    const found = this.gather(q, tables);
    const { keys } = this;
    const q0 = q[0]!, q1 = q[1]!, q2 = q[2]!, q3 = q[3]!;
    const m0 = q[4]!, m1 = q[5]!, m2 = q[6]!, m3 = q[7]!;
    const rest = popcount32(m2) + popcount32(m3);
    // Every candidate's key touched first: independent reads the memory system overlaps (at 10M each is a cache miss).
    let touched = 0;
    for (let i = 0; i < found.length; i++) touched += keys[found[i]! * STRIDE + 4]!;
    this.sink ^= touched;
    for (let i = 0; i < found.length; i++) {
      const w = found[i]!;
      const o = w * STRIDE;
      // Words 0-1 first: a work already too far for the most common bits words 2-3 could add is dropped (the
      // full test below would drop it too).
      const c0 = m0 & keys[o + 4]!;
      const c1 = m1 & keys[o + 5]!;
      let common = popcount32(c0 >>> 0) + popcount32(c1 >>> 0);
      let differ = popcount32(((q0 ^ keys[o]!) & c0) >>> 0) + popcount32(((q1 ^ keys[o + 1]!) & c1) >>> 0);
      if (differ > max * (common + rest) + 1e-9) continue;
      const c2 = m2 & keys[o + 6]!;
      const c3 = m3 & keys[o + 7]!;
      common += popcount32(c2 >>> 0) + popcount32(c3 >>> 0);
      differ += popcount32(((q2 ^ keys[o + 2]!) & c2) >>> 0) + popcount32(((q3 ^ keys[o + 3]!) & c3) >>> 0);
      if (common >= need && differ <= max * common + 1e-9) this.see(w); // near() decides exactly
    }
    return true;
  }

  /** Adds a work to `near`'s list. */
  private see(w: number): void {
    if (this.seenN === this.seen.length) this.seen = grown(this.seen);
    this.seen[this.seenN++] = w;
  }

  /**
   * The works in every bucket the key probes in `tables` (a work found in two tables twice), in two passes of
   * independent reads: every bucket's bounds, then the entries. A view valid until the next call.
   */
  private gather(q: Uint32Array, tables: readonly number[]): Uint32Array {
    const buckets = 1 << this.bits;
    const all = buckets - 1;
    const { offsets, entries } = this;
    let nb = 0;
    for (const t of tables) {
      const un = ~keyBlock(q, 4, t, this.bits) & all;
      const fixed = keyBlock(q, 0, t, this.bits) & ~un;
      const off = t * (buckets + 1);
      const base = t * this.indexed;
      let sub = 0;
      do {
        const b = off + (fixed | sub);
        if (nb === this.from.length) [this.from, this.to] = [grown(this.from), grown(this.to)];
        this.from[nb] = base + offsets[b]!;
        this.to[nb++] = base + offsets[b + 1]!;
        sub = (sub - un) & un;
      } while (sub !== 0);
    }
    this.probes += nb;
    let n = 0;
    for (let i = 0; i < nb; i++) {
      const stop = this.to[i]!;
      const start = this.from[i]!;
      while (n + stop - start > this.found.length) this.found = grown(this.found);
      for (let j = start; j < stop; j++) this.found[n++] = entries[j]!;
    }
    this.compared += n;
    return this.found.subarray(0, n);
  }
}
