/**
 * The bucket bounds of the index tables (index-tables.ts) in 2 bytes a bucket instead of 4: the start of every
 * BLOCK-th bucket in full, and each bucket's start relative to its block's in 16 bits. A bucket holds about 16
 * entries, so a block of 256 about 4,096: far under 65,536. A block that holds more (one word shared by that many
 * fingerprints, as plain images can share one) keeps its buckets' starts in full in `wide`, its block start then
 * WIDE | their position there. A probe reads a block start (a small array, cached) and a 16-bit bucket start.
 */
export const BLOCK_BITS = 8;
/** Flags a wide block's start; a start is at most 2^24 (MAX_FINGERPRINTS). */
const WIDE = 0x80000000;
const REL_MAX = 0xffff;

export interface BucketBounds {
  /** Per table, the start of every BLOCK-th bucket and then the table's size (WIDE | position in `wide` for a wide block). */
  blockStarts: Uint32Array;
  /** Per table, each bucket's start minus its block's, and a 0 for the end (every start of a wide block 0). */
  bucketStarts: Uint16Array;
  /** The full bucket starts of the wide blocks, a block's in a row. */
  wide: Uint32Array;
}

/** Where table t's bounds are in the arrays, for `bucketStart`. */
export interface BoundsShape {
  buckets: number;
  /** log2 of the buckets a block: BLOCK_BITS, or fewer in a table of fewer buckets. */
  blockBits: number;
  blocks: number;
}

export function boundsShape(buckets: number): BoundsShape {
  const blockBits = Math.min(BLOCK_BITS, Math.log2(buckets));
  return { buckets, blockBits, blocks: buckets >>> blockBits };
}

/** Builds the bounds of `tables` tables one at a time (`put`), then `done()`. */
export function boundsBuilder(tables: number, shape: BoundsShape) {
  const { buckets, blockBits, blocks } = shape;
  const blockStarts = new Uint32Array(tables * (blocks + 1));
  const bucketStarts = new Uint16Array(tables * (buckets + 1));
  const wide: Uint32Array[] = [];
  let wideLength = 0;
  return {
    /** Table t's bounds from its full starts (buckets + 1 of them, the last its size). */
    put(t: number, starts: Uint32Array): void {
      const bo = t * (blocks + 1);
      const so = t * (buckets + 1);
      for (let k = 0; k < blocks; k++) {
        const first = k << blockBits;
        const start = starts[first]!;
        if (starts[first + (1 << blockBits) - 1]! - start > REL_MAX) {
          blockStarts[bo + k] = (WIDE | wideLength) >>> 0;
          wide.push(starts.slice(first, first + (1 << blockBits)));
          wideLength += 1 << blockBits;
          continue;
        }
        blockStarts[bo + k] = start;
        for (let b = first; b < first + (1 << blockBits); b++) bucketStarts[so + b] = starts[b]! - start;
      }
      blockStarts[bo + blocks] = starts[buckets]!;
    },
    done(): BucketBounds {
      const all = new Uint32Array(wideLength);
      let at = 0;
      for (const w of wide) all.set(w, (at += w.length) - w.length);
      return { blockStarts, bucketStarts, wide: all };
    },
  };
}

/** Where bucket b of the table whose bounds start at `bo` (block starts) and `so` (bucket starts) starts. */
export function bucketStart(bounds: BucketBounds, shape: BoundsShape, bo: number, so: number, b: number): number {
  const v = bounds.blockStarts[bo + (b >>> shape.blockBits)]!;
  return v < WIDE ? v + bounds.bucketStarts[so + b]! : bounds.wide[v - WIDE + (b & ((1 << shape.blockBits) - 1))]!;
}

/**
 * The entry bounds (bytes, from `base`) of every bucket table t probes (key ^ mask), into from/to, the first and
 * last entries touched (the sum, so that the reads are not optimised away).
 */
export function probedRanges(
  tables: BucketBounds & { entries: Uint8Array },
  shape: { buckets: number; bytes: number; bounds: BoundsShape },
  t: number,
  key: number,
  masks: Uint32Array,
  base: number,
  from: Uint32Array,
  to: Uint32Array,
): number {
  const { buckets, bytes, bounds } = shape;
  const { entries, blockStarts, bucketStarts } = tables;
  const bb = bounds.blockBits;
  const bo = t * (bounds.blocks + 1);
  const so = t * (buckets + 1);
  let touched = 0;
  // Without a wide block every start is its block's plus 16 bits, and the end of a block's last bucket is the next
  // block's start (its 16 bits are 0).
  const narrow = tables.wide.length === 0;
  for (let m = 0; m < masks.length; m++) {
    const b = key ^ masks[m]!;
    const a = base + bytes * (narrow ? blockStarts[bo + (b >>> bb)]! + bucketStarts[so + b]! : bucketStart(tables, bounds, bo, so, b));
    const z = base + bytes * (narrow ? blockStarts[bo + ((b + 1) >>> bb)]! + bucketStarts[so + b + 1]! : bucketStart(tables, bounds, bo, so, b + 1));
    from[m] = a;
    to[m] = z;
    if (z > a) touched += entries[a]! + entries[z - 1]!;
  }
  return touched;
}

export function boundsBytes(bounds: BucketBounds): number {
  return bounds.blockStarts.byteLength + bounds.bucketStarts.byteLength + bounds.wide.byteLength;
}

/**
 * Why stored bounds cannot serve `tables` tables of `size` entries, or undefined. Cheap (block starts and wide
 * blocks only): every block start in order and within the size, every wide block inside `wide` with its starts in
 * order, each table from 0 to the size. A corrupt 16-bit start can then move a bucket by at most 65,535 entries,
 * which the probe's id check tolerates.
 */
export function boundsProblem(bounds: BucketBounds, tables: number, shape: BoundsShape, size: number): string | undefined {
  const { buckets, blockBits, blocks } = shape;
  const { blockStarts, bucketStarts, wide } = bounds;
  if (!(blockStarts instanceof Uint32Array) || !(bucketStarts instanceof Uint16Array) || !(wide instanceof Uint32Array)) return 'index tables are corrupt';
  if (blockStarts.length !== tables * (blocks + 1) || bucketStarts.length !== tables * (buckets + 1) || wide.length % (1 << blockBits)) return 'index tables have the wrong size';
  for (let t = 0; t < tables; t++) {
    const bo = t * (blocks + 1);
    let last = 0;
    for (let k = 0; k <= blocks; k++) {
      const v = blockStarts[bo + k]!;
      let first = v;
      if (v >= WIDE) {
        const at = v - WIDE;
        if (k === blocks || at + (1 << blockBits) > wide.length) return 'index table bounds are corrupt';
        for (let i = at + 1; i < at + (1 << blockBits); i++) if (wide[i]! < wide[i - 1]! || wide[i]! > size) return 'index table bounds are corrupt';
        first = wide[at]!;
      }
      if (first < last || first > size || (k === 0 && first !== 0)) return 'index table bounds are corrupt';
      last = first;
    }
    if (last !== size) return 'index table bounds are corrupt';
  }
  return undefined;
}
