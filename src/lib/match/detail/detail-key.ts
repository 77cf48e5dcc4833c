/**
 * Finding candidates for the detail comparison (detail.ts) when the 256-bit hash cannot: on smooth images a
 * brightness or saturation change moves band medians across flat areas and the hash moves by 90+ bits. The key
 * is the sign of each neighbour difference on an 8x8 luminance grid (56 horizontal + 56 vertical bits), with a
 * mask of the reliable bits: those whose difference is at least RELIABLE_SHARE of the image's RMS difference
 * (a flat area's differences are noise, so their signs are left out; the share is relative, so contrast changes
 * keep the mask). Two keys are compared only on bits reliable in both; the matcher scans every work's key (4
 * words + 4 mask words, derived from the stored thumbnail when the index is built, never stored) and verifies the
 * nearest few with the full detail comparison. Pure.
 */
import type { Flip } from '../hash/flip.js';
import { popcount32 } from '../hash/bits.js';

export const KEY_WORDS = 4;
const N = 8;
/** A difference counts as reliable at this share of the image's RMS neighbour difference. */
export const RELIABLE_SHARE = 0.35;
/** Fewer common reliable bits than this: the two images have too little detail in common to be compared. */
export const MIN_COMMON = 24;
/**
 * A query with fewer reliable bits than MIN_COMMON / SPARSE_SHARE is compared on SPARSE_SHARE of its own, down to
 * MIN_COMMON_SPARSE: a plain image, or one a brightness change clipped (the light vignette of a smooth wallpaper
 * became white, leaving 14 reliable bits, all agreeing with the work's, in the robustness benchmark). It has no
 * more evidence to give: demanding 24 would leave such copies without any candidate source. Only the candidate
 * list grows; the verification that decides is unchanged.
 */
export const MIN_COMMON_SPARSE = 12;
const SPARSE_SHARE = 0.75;

/** Common reliable bits needed against a query key with `reliable` reliable bits. */
export function commonNeeded(reliable: number): number {
  return Math.max(MIN_COMMON_SPARSE, Math.min(MIN_COMMON, Math.ceil(SPARSE_SHARE * reliable)));
}

/** 8x8 luminance from a square luminance image of side 16 or 32 (box average), optionally mirrored. */
export function grid8(img: ArrayLike<number>, side: number, flip?: Flip): Float32Array {
  const f = side / N;
  const out = new Float32Array(N * N);
  const h = flip === 'h' || flip === 'hv';
  const v = flip === 'v' || flip === 'hv';
  for (let y = 0; y < side; y++) {
    for (let x = 0; x < side; x++) {
      const gy = Math.floor(y / f);
      const gx = Math.floor(x / f);
      out[(v ? N - 1 - gy : gy) * N + (h ? N - 1 - gx : gx)]! += img[y * side + x]! / (f * f);
    }
  }
  return out;
}

/**
 * Key and mask of an 8x8 grid: 8 words, key in 0-3, mask in 4-7 (written at `offset` of `out`). `keep`: the grid cells
 * to compare (1) or leave out (0); a difference touching a left-out cell is never reliable, nor counted in the RMS.
 */
export function detailKey(g: Float32Array, out: Uint32Array = new Uint32Array(2 * KEY_WORDS), offset = 0, keep?: Uint8Array): Uint32Array {
  // One scratch pair for every call: a lookup makes dozens of keys, and what it allocates brings on the minor
  // collections that land inside lookups (docs/benchmarks.md, the whole lookup's p99).
  const diffs = DIFFS;
  /** Per difference, whether both its cells are kept (every one without `keep`). */
  const kept = KEPT;
  // The pairs by a table of their cells (PAIRS), not a closure: a closure's running sum is a number boxed on every
  // add, which was most of what a key cost the collector.
  let sum = 0;
  let counted = 0;
  for (let i = 0; i < DIFF_COUNT; i++) {
    const a = PAIRS[2 * i]!;
    const b = PAIRS[2 * i + 1]!;
    const d = g[b]! - g[a]!;
    diffs[i] = d;
    const k = !keep || (keep[a] === 1 && keep[b] === 1);
    kept[i] = k ? 1 : 0;
    if (k) {
      sum += d * d;
      counted++;
    }
  }
  const rms = Math.sqrt(sum / Math.max(1, counted));
  const margin = Math.max(1, RELIABLE_SHARE * rms);
  for (let w = 0; w < 2 * KEY_WORDS; w++) out[offset + w] = 0;
  for (let i = 0; i < DIFF_COUNT; i++) {
    const d = diffs[i]!;
    const bit = 1 << (i & 31);
    if (d > 0) out[offset + (i >> 5)]! |= bit;
    if (kept[i] && Math.abs(d) >= margin) out[offset + KEY_WORDS + (i >> 5)]! |= bit;
  }
  for (let w = 0; w < 2 * KEY_WORDS; w++) out[offset + w] = out[offset + w]! >>> 0;
  return out;
}

/** The 112 neighbour differences of a grid (56 horizontal, 56 vertical) and whether each is kept: detailKey's scratch. */
const DIFF_COUNT = 2 * N * (N - 1);
const DIFFS = new Float64Array(DIFF_COUNT);
const KEPT = new Uint8Array(DIFF_COUNT);
/** Each difference's two cells, in key bit order: horizontal pairs row by row, then vertical ones. */
const PAIRS = new Int32Array(2 * DIFF_COUNT);
{
  let i = 0;
  for (let y = 0; y < N; y++) for (let x = 0; x + 1 < N; x++) [PAIRS[i++], PAIRS[i++]] = [y * N + x, y * N + x + 1];
  for (let y = 0; y + 1 < N; y++) for (let x = 0; x < N; x++) [PAIRS[i++], PAIRS[i++]] = [y * N + x, (y + 1) * N + x];
}

/**
 * Share (0-1) of the bits reliable in both keys that disagree, or 1 when they have fewer in common than a query key
 * `a` needs (`commonNeeded`).
 */
export function keyDistance(a: Uint32Array, b: Uint32Array, bOffset = 0): number {
  let common = 0;
  let differ = 0;
  let reliable = 0;
  for (let w = 0; w < KEY_WORDS; w++) {
    const m = a[KEY_WORDS + w]! & b[bOffset + KEY_WORDS + w]!;
    reliable += popcount32(a[KEY_WORDS + w]! >>> 0);
    common += popcount32(m >>> 0);
    differ += popcount32(((a[w]! ^ b[bOffset + w]!) & m) >>> 0);
  }
  return common < commonNeeded(reliable) ? 1 : differ / common;
}
