/**
 * The tables of the multi-index (match.ts) and candidate generation through them. Each of the 8 words of a
 * fingerprint is a table: fingerprints are bucketed by the top `keyBits` bits of that word (a counting sort, CSR
 * layout). An entry is 3 bytes (4 above 2^20 fingerprints: TableShape.bytes): the fingerprint's id in the low
 * `idBits` and, above them, the `checkBits` of its word that follow the key. A probe rejects most entries on those check bits, read from the bucket itself, before
 * touching the fingerprint array (random reads of it are what a lookup at 1M costs: docs/benchmarks.md).
 *
 * Generalised pigeonhole: if table t is searched within s_t bits and the s_t + 1 sum to more than the radius, any
 * fingerprint within the radius is within s_t bits on some word t. So at radius 20 five tables are searched within
 * 2 bits and three within 1 (instead of all eight within 2), at 16 one within 2 and seven within 1. A candidate is
 * kept only in the first table where it qualifies, so it is reported once.
 */
import { HASH_WORDS, popcount32 } from '../hash/bits.js';
import { yieldTask } from '../../time-slice.js';
import { boundsBuilder, boundsBytes, boundsProblem, boundsShape, probedRanges, type BoundsShape, type BucketBounds } from './bucket-bounds.js';

export const TABLES = HASH_WORDS;
/** Beyond this many bits flipped in one word, probing costs more than a scan. */
export const MAX_PROBE_FLIPS = 3;
const ENTRY_BITS = 24;
/** Key bits of a table of 2^24 fingerprints (16 each, as every size). */
const MAX_KEY_BITS = ENTRY_BITS - 4;
/**
 * Check bits a 3-byte entry keeps at 1M (20 id bits); a larger registry's entries take a fourth byte rather than
 * fewer: at 10M, with none, every entry a probe reads was a random read of the 320 MB fingerprint array.
 */
const MIN_CHECK_BITS = 4;

/** TABLES x 2^keyBits buckets' bounds (bucket-bounds.ts), and the entries. */
export interface IndexTables extends BucketBounds {
  /** TABLES x size entries, `bytes` each (TableShape), little-endian: id | check bits << idBits. */
  entries: Uint8Array;
}

export interface TableShape {
  keyBits: number;
  idBits: number;
  checkBits: number;
  buckets: number;
  /** Bytes an entry: 3 up to 2^20 fingerprints (4 check bits or more), else 4 (8 or more). */
  bytes: number;
  bounds: BoundsShape;
}

/**
 * About 16 fingerprints per bucket at every size up to MAX_FINGERPRINTS (2^24: 20 key bits): fewer key bits for a
 * small registry keeps the offsets small; more for a large one keeps the buckets small, since at 10M the 3-byte
 * entries have no room left for check bits and every entry probed is a read of the fingerprint array.
 */
export function shapeOf(size: number): TableShape {
  const keyBits = Math.max(4, Math.min(MAX_KEY_BITS, Math.ceil(Math.log2(Math.max(size, 1))) - 4));
  const idBits = Math.max(1, Math.ceil(Math.log2(Math.max(size, 2))));
  return wideShape(keyBits, idBits, idBits + MIN_CHECK_BITS > ENTRY_BITS ? 4 : 3);
}

/** A shape of `bytes`-byte entries (tests give small tables 4-byte ones). */
export function wideShape(keyBits: number, idBits: number, bytes: number): TableShape {
  return { keyBits, idBits, checkBits: Math.max(0, Math.min(8 * bytes - idBits, 32 - keyBits)), buckets: 1 << keyBits, bytes, bounds: boundsShape(1 << keyBits) };
}

/** Per-table flips for a radius (-1: table not needed), or undefined when some table would need too many. */
export function flipsFor(radius: number): Int8Array | undefined {
  const s = new Int8Array(TABLES).fill(-1);
  if (radius + 1 <= TABLES) return s.fill(0, 0, radius + 1);
  const extra = radius + 1 - TABLES;
  const base = Math.floor(extra / TABLES);
  if (base + (extra % TABLES ? 1 : 0) > MAX_PROBE_FLIPS) return undefined;
  return s.map((_, t) => base + (t < extra % TABLES ? 1 : 0));
}

export function buildTables(hashes: Uint32Array, size: number, shape = shapeOf(size)): IndexTables {
  const build = tableBuilder(hashes, size, shape);
  for (let t = 0; t < TABLES; t++) build.table(t);
  return build.tables();
}

/** buildTables with a task yielded between tables (the rebuild after a large list, issue 19.6). */
export async function buildTablesSliced(hashes: Uint32Array, size: number): Promise<IndexTables> {
  const build = tableBuilder(hashes, size, shapeOf(size));
  for (let t = 0; t < TABLES; t++) {
    build.table(t);
    await yieldTask();
  }
  return build.tables();
}

function tableBuilder(hashes: Uint32Array, size: number, shape: TableShape) {
  const { keyBits, idBits, checkBits, buckets, bytes } = shape;
  const shift = 32 - keyBits;
  const checkMask = (1 << checkBits) - 1;
  const bounds = boundsBuilder(TABLES, shape.bounds);
  const entries = new Uint8Array(TABLES * size * bytes);
  // One table's full bucket starts at a time (a counting sort), kept as bounds once filled.
  const starts = new Uint32Array(buckets + 1);
  const fill = new Uint32Array(buckets);
  const table = (t: number) => {
    starts.fill(0);
    for (let i = 0; i < size; i++) starts[1 + (hashes[i * HASH_WORDS + t]! >>> shift)]!++;
    for (let b = 0; b < buckets; b++) starts[b + 1]! += starts[b]!;
    bounds.put(t, starts);
    fill.set(starts.subarray(0, buckets));
    const base = t * size * bytes;
    for (let i = 0; i < size; i++) {
      const w = hashes[i * HASH_WORDS + t]!;
      const j = base + bytes * fill[w >>> shift]!++;
      const v = (i | (((w >>> (shift - checkBits)) & checkMask) << idBits)) >>> 0;
      entries[j] = v & 0xff;
      entries[j + 1] = (v >>> 8) & 0xff;
      entries[j + 2] = (v >>> 16) & 0xff;
      if (bytes === 4) entries[j + 3] = v >>> 24;
    }
  };
  return { table, tables: () => ({ ...bounds.done(), entries }) as IndexTables };
}

/** Why stored tables cannot serve `size` fingerprints, or undefined. Cheap: sizes and bucket bounds only. */
export function tablesProblem(tables: IndexTables, size: number): string | undefined {
  const { bytes, bounds } = shapeOf(size);
  if (!(tables.entries instanceof Uint8Array)) return 'index tables are corrupt';
  if (tables.entries.length !== TABLES * size * bytes) return 'index tables have the wrong size';
  return boundsProblem(tables, TABLES, bounds, size);
}

/** Bytes held by built tables. */
export function tablesBytes(tables: IndexTables): number {
  return boundsBytes(tables) + tables.entries.byteLength;
}

/** Candidate generation over built tables. Not safe for concurrent use: results share one scratch array. */
export class Prober {
  private readonly shape: TableShape;
  private readonly masks = new Map<number, { masks: Uint32Array; flips: Uint8Array }>();
  private scratch = new Uint32Array(1024);
  /** Each probed bucket's entry bounds (bytes), by mask. */
  private from = new Uint32Array(0);
  private to = new Uint32Array(0);
  /** What the touching reads add up to, kept so that they are not optimised away. */
  sink = 0;
  /** Table entries read since construction (what tests count instead of timing). */
  read = 0;

  constructor(
    private readonly hashes: Uint32Array,
    private readonly size: number,
    private readonly tables: IndexTables,
    shape = shapeOf(size),
  ) {
    this.shape = shape;
  }

  /**
   * Every fingerprint within flips[t] bits of the query on some word t, once each, unordered. The returned view is
   * valid until the next call.
   */
  candidates(q: Uint32Array, flips: Int8Array): Uint32Array {
    const { keyBits, idBits, checkBits, bytes } = this.shape;
    const { entries } = this.tables;
    const h = this.hashes;
    const size = this.size;
    const shift = 32 - keyBits;
    const checkMask = (1 << checkBits) - 1;
    const idMask = (1 << idBits) - 1;
    // Where the check bits start in an entry's top byte (negative: in a lower byte).
    const top = idBits - 8 * (bytes - 1);
    let n = 0;
    for (let t = 0; t < TABLES; t++) {
      const s = flips[t]!;
      if (s < 0) continue;
      const { masks, flips: maskFlips } = this.masksFor(s);
      const qt = q[t]!;
      const key = qt >>> shift;
      const qc = (qt >>> (shift - checkBits)) & checkMask;
      const base = t * size * bytes;
      // Three passes, each of independent reads that the memory system overlaps (a bucket or a fingerprint is a
      // cache miss at 1M): every probed bucket's bounds, with its first and last entry touched; the entries whose
      // check bits pass, from the buckets alone; then their words, touched first, then tested.
      const from = this.from;
      const to = this.to;
      let touched = probedRanges(this.tables, this.shape, t, key, masks, base, from, to);
      let m0 = 0;
      for (let m = 0; m < masks.length; m++) {
        const left = s - maskFlips[m]!;
        const stop = to[m]!;
        this.read += (stop - from[m]!) / bytes;
        // At 1M and 10M an entry's check bits are all in its top byte: most entries are rejected on that byte alone,
        // the id read only for the others. One loop a width, with constant offsets.
        if (top >= 0 && bytes === 3) {
          for (let j = from[m]!; j < stop; j += 3) {
            const c = entries[j + 2]! >>> top;
            // Most buckets probed leave no flip for the check bits: then they must be equal (no popcount).
            if (left === 0 ? c !== qc : popcount32(c ^ qc) > left) continue;
            const id = (entries[j]! | (entries[j + 1]! << 8) | (entries[j + 2]! << 16)) & idMask;
            if (id >= size) continue; // only a corrupt table holds one
            if (n + m0 === this.scratch.length) this.grow();
            this.scratch[n + m0++] = id;
          }
          continue;
        }
        if (top >= 0) {
          for (let j = from[m]!; j < stop; j += 4) {
            const c = entries[j + 3]! >>> top;
            if (left === 0 ? c !== qc : popcount32(c ^ qc) > left) continue;
            const id = (entries[j]! | (entries[j + 1]! << 8) | (entries[j + 2]! << 16) | (entries[j + 3]! << 24)) & idMask;
            if (id >= size) continue;
            if (n + m0 === this.scratch.length) this.grow();
            this.scratch[n + m0++] = id;
          }
          continue;
        }
        // Smaller tables (check bits from a lower byte): the whole entry read, 3 bytes and 4 apart.
        if (bytes === 3) {
          for (let j = from[m]!; j < stop; j += 3) {
            const v = entries[j]! | (entries[j + 1]! << 8) | (entries[j + 2]! << 16);
            // Most buckets probed leave no flip for the check bits: then they must be equal (no popcount).
            if (left === 0 ? v >>> idBits !== qc : popcount32((v >>> idBits) ^ qc) > left) continue;
            const id = v & idMask;
            if (id >= size) continue; // only a corrupt table holds one
            if (n + m0 === this.scratch.length) this.grow();
            this.scratch[n + m0++] = id;
          }
          continue;
        }
        for (let j = from[m]!; j < stop; j += 4) {
          const v = (entries[j]! | (entries[j + 1]! << 8) | (entries[j + 2]! << 16) | (entries[j + 3]! << 24)) >>> 0;
          if (left === 0 ? v >>> idBits !== qc : popcount32((v >>> idBits) ^ qc) > left) continue;
          const id = v & idMask;
          if (id >= size) continue;
          if (n + m0 === this.scratch.length) this.grow();
          this.scratch[n + m0++] = id;
        }
      }
      const found = this.scratch;
      const end = n + m0;
      for (let i = n; i < end; i++) touched += h[found[i]! * HASH_WORDS + t]!;
      for (let i = n; i < end; i++) {
        const id = found[i]!;
        const o = id * HASH_WORDS;
        if (popcount32((h[o + t]! ^ qt) >>> 0) > s) continue;
        let earlier = false;
        for (let u = 0; u < t && !earlier; u++) earlier = popcount32((h[o + u]! ^ q[u]!) >>> 0) <= flips[u]!;
        if (earlier) continue;
        found[n++] = id;
      }
      this.sink ^= touched;
    }
    return this.scratch.subarray(0, n);
  }

  private grow(): void {
    const grown = new Uint32Array(this.scratch.length * 2);
    grown.set(this.scratch);
    this.scratch = grown;
  }

  /** XOR masks over the key bits with at most s bits set, and how many each has. */
  private masksFor(s: number): { masks: Uint32Array; flips: Uint8Array } {
    let m = this.masks.get(s);
    if (!m) {
      const list: number[] = [];
      for (let v = 0; v < this.shape.buckets; v++) if (popcount32(v) <= s) list.push(v);
      m = { masks: Uint32Array.from(list), flips: Uint8Array.from(list, popcount32) };
      if (list.length > this.from.length) [this.from, this.to] = [new Uint32Array(list.length), new Uint32Array(list.length)];
      this.masks.set(s, m);
    }
    return m;
  }
}
