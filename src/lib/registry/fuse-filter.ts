/**
 * The summary's filter from format version 2: a 3-wise binary fuse filter (Graf and Lemire, "Binary Fuse Filters:
 * Fast and Smaller Than Xor Filters", 2022) with `bits`-bit fingerprints packed end to end. About 1.125 * bits bits
 * per key for a false-positive rate of 2^-bits (a Bloom filter needs 1.44 * bits bits for the same rate): a key
 * passes when the xor of its three slots equals its fingerprint. Built once over a layer's whole key set (keys are
 * fixed per layer; a delta is a new layer). Deterministic: the same keys give the same filter.
 */
import { keyHashes, mix32, type BucketKey } from './key-hash.js';

export interface FuseFilter {
  bits: number;
  seed: number;
  segmentLength: number;
  segmentCount: number;
  /** Slots (segmentCount + 2) * segmentLength, `bits` each, packed little-end first into 32-bit words. */
  slots: Uint32Array;
}

/** Slot words for a filter's parameters (the file format checks the length against them). */
export const fuseWords = (f: Pick<FuseFilter, 'bits' | 'segmentLength' | 'segmentCount'>) => Math.ceil(((f.segmentCount + 2) * f.segmentLength * f.bits) / 32);

function shape(n: number): { segmentLength: number; segmentCount: number } {
  const segmentLength = n <= 1 ? 4 : Math.min(2 ** 18, 2 ** Math.floor(Math.log(n) / Math.log(3.33) + 2.25));
  const factor = n <= 1 ? 0 : Math.max(1.125, 0.875 + (0.25 * Math.log(1e6)) / Math.log(n));
  const capacity = Math.round(n * factor);
  const segmentCount = Math.max(1, Math.ceil(capacity / segmentLength) - 2);
  return { segmentLength, segmentCount };
}

/** floor(a * n / 2^32) for a < 2^32 and n < 2^31, exact in doubles. */
function scale(a: number, n: number): number {
  return Math.floor(((a >>> 16) * n + ((a & 0xffff) * n) / 65536) / 65536);
}

/** The key's three slots and its fingerprint. */
function slotsOf(key: BucketKey, f: Omit<FuseFilter, 'slots'>, out: Uint32Array): number {
  const [h1, h2] = keyHashes(key);
  const a = mix32((h1 ^ Math.imul(f.seed + 1, 0x9e3779b9)) >>> 0);
  const b = mix32((h2 ^ a ^ f.seed) >>> 0);
  const mask = f.segmentLength - 1;
  const h0 = scale(a, f.segmentCount * f.segmentLength);
  out[0] = h0;
  out[1] = (h0 + f.segmentLength) ^ (b & mask);
  out[2] = (h0 + 2 * f.segmentLength) ^ (mix32((b ^ 0x5bd1e995) >>> 0) & mask);
  return mix32((a ^ b ^ 0x27d4eb2f) >>> 0) & ((1 << f.bits) - 1);
}

function read(slots: Uint32Array, i: number, bits: number): number {
  const at = i * bits;
  const w = at >>> 5;
  const off = at & 31;
  const lo = slots[w]! >>> off;
  const v = off + bits > 32 ? lo | (slots[w + 1]! << (32 - off)) : lo;
  return v & ((1 << bits) - 1);
}

function write(slots: Uint32Array, i: number, bits: number, v: number): void {
  const at = i * bits;
  const w = at >>> 5;
  const off = at & 31;
  slots[w] = (slots[w]! & ~(((1 << bits) - 1) << off)) | (v << off);
  if (off + bits > 32) {
    const hi = off + bits - 32;
    slots[w + 1] = (slots[w + 1]! & ~((1 << hi) - 1)) | (v >>> (32 - off));
  }
}

/** A filter over distinct keys (duplicates are dropped). Throws only if 64 seeds all fail to peel, which does not happen for distinct keys. */
export function buildFuseFilter(keys: ArrayLike<BucketKey>, bits: number): FuseFilter {
  // Sorted then compacted: a Set of millions of numbers costs several times the typed array.
  const sorted = Float64Array.from(keys).sort();
  let n = 0;
  for (let i = 0; i < sorted.length; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) sorted[n++] = sorted[i]!;
  const distinct = sorted.subarray(0, n);
  const { segmentLength, segmentCount } = shape(n);
  const size = (segmentCount + 2) * segmentLength;
  const pos = new Uint32Array(3);
  for (let seed = 0; seed < 64; seed++) {
    const f = { bits, seed, segmentLength, segmentCount };
    const count = new Uint32Array(size);
    const xorKey = new Uint32Array(size);
    for (let i = 0; i < n; i++) {
      slotsOf(distinct[i]!, f, pos);
      for (let j = 0; j < 3; j++) {
        count[pos[j]!]!++;
        xorKey[pos[j]!]! ^= i;
      }
    }
    const queue: number[] = [];
    for (let p = 0; p < size; p++) if (count[p] === 1) queue.push(p);
    const order = new Uint32Array(n);
    const where = new Uint32Array(n);
    let done = 0;
    while (queue.length) {
      const p = queue.pop()!;
      if (count[p] !== 1) continue;
      const i = xorKey[p]!;
      order[done] = i;
      where[done++] = p;
      slotsOf(distinct[i]!, f, pos);
      for (let j = 0; j < 3; j++) {
        const q = pos[j]!;
        count[q]!--;
        xorKey[q]! ^= i;
        if (count[q] === 1) queue.push(q);
      }
    }
    if (done !== n) continue;
    const slots = new Uint32Array(fuseWords(f));
    for (let k = n - 1; k >= 0; k--) {
      const fp = slotsOf(distinct[order[k]!]!, f, pos);
      const p = where[k]!;
      let v = fp;
      for (let j = 0; j < 3; j++) if (pos[j] !== p) v ^= read(slots, pos[j]!, bits);
      write(slots, p, bits, v);
    }
    return { ...f, slots };
  }
  throw new Error('the summary filter could not be built');
}

/** False: the key is certainly not in the filter. True: it is, or a false positive (rate 2^-bits). */
export function fuseHas(f: FuseFilter, key: BucketKey, scratch = new Uint32Array(3)): boolean {
  const fp = slotsOf(key, f, scratch);
  return (read(f.slots, scratch[0]!, f.bits) ^ read(f.slots, scratch[1]!, f.bits) ^ read(f.slots, scratch[2]!, f.bits)) === fp;
}
