/**
 * The key index's blocks (key-index.ts): which bits of a detail key each table buckets by, how many, and which tables
 * a query key probes. Pure.
 */

const KEY_BITS = 112;
export const KEY_TABLES = 8;
/** Table t's block starts at bit 14t (every bit in one block at 14 bits; neighbouring blocks overlap beyond). */
const STEP = KEY_BITS / KEY_TABLES;
const MAX_BITS = 18;
/** Buckets a sparse key (a plain image's) probes at most in a large index (key-index.ts SPARSE_SCAN_MAX_WORKS). */
export const SPARSE_PROBES = 2048;

/** Table t's `bits` key bits (of the key, or of the mask at `o` + 4), from bit 14t on or ending at the last. */
export function keyBlock(words: Uint32Array, o: number, t: number, bits: number): number {
  const p = Math.min(t * STEP, KEY_BITS - bits);
  const w = p >>> 5;
  const s = p & 31;
  let v = words[o + w]! >>> s;
  if (s + bits > 32) v |= words[o + w + 1]! << (32 - s);
  return (v & ((1 << bits) - 1)) >>> 0;
}

/** Bits per table: about four works a bucket, within 8-18. */
export function keyIndexBits(works: number): number {
  return Math.max(8, Math.min(MAX_BITS, Math.ceil(Math.log2(Math.max(works, 2))) - 2));
}

/**
 * The tables to probe, given each table's count of unreliable key bits: the fewest first, while their probes (2^n a
 * table) add up to at most `cap` (a sparse key's; the registry's detail keys ask with their own cap), none with more
 * than `most` (the order of the tables probed changes no result: `near` sorts what they find).
 */
export function sparseTables(unreliable: ArrayLike<number>, cap = SPARSE_PROBES, most = 32): number[] {
  const out: number[] = [];
  let probes = 0;
  // Fewest unreliable bits first, ties by table: counted up rather than sorted (a sort's copy per key probed).
  for (let u = 0; u <= most; u++) {
    for (let t = 0; t < unreliable.length; t++) {
      if (unreliable[t] !== u) continue;
      if (probes + 2 ** u > cap) return out;
      probes += 2 ** u;
      out.push(t);
    }
  }
  return out;
}

/** A scratch array twice as long, its contents kept. */
export function grown(a: Uint32Array): Uint32Array<ArrayBuffer> {
  const out = new Uint32Array(a.length * 2);
  out.set(a);
  return out;
}
