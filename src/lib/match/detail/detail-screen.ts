/**
 * What the detail stage's bound (detail-bound.ts) needs of a query, worked out once per query: A, its strongest
 * gradient pairs holding up to A_SHARE of its energy, strongest first, with the cells they join in the order the
 * pairs first need them, so that a screen can sample the work's cells as its growing prefix of A needs them. Pure.
 */
import { COMPARE_SIDE, DETAIL_SIDE } from './luma-thumb.js';

/** Share of the query's gradient energy its strongest pairs must hold to make up A (at most: any prefix is tried). */
const A_SHARE = 0.6;
/** Half-octave classes of a pair's square below the strongest, in which A is ordered (the last holds the rest). */
const CLASSES = 24;

export const N = COMPARE_SIDE;
export const M = DETAIL_SIDE;
/** Horizontal pairs: N rows of N - 1; then vertical ones, N - 1 rows of N (luma-thumb.ts `gradients` order). */
export const HALF = N * (N - 1);
/** Each pair's two cells (row-major index), by pair index. */
export const PAIR_P = new Int32Array(2 * HALF);
export const PAIR_Q = new Int32Array(2 * HALF);
for (let k = 0; k < 2 * HALF; k++) {
  const p = k < HALF ? Math.floor(k / (N - 1)) * N + (k % (N - 1)) : k - HALF;
  [PAIR_P[k], PAIR_Q[k]] = [p, k < HALF ? p + 1 : p + N];
}

/** The query's energy over every pair of `diff` (a value per pair), each direction's mean removed. */
function energyOf(diff: ArrayLike<number>): number {
  let s0 = 0, ss0 = 0, s1 = 0, ss1 = 0;
  for (let k = 0; k < HALF; k++) {
    const a = diff[k]!;
    const b = diff[k + HALF]!;
    s0 += a;
    ss0 += a * a;
    s1 += b;
    ss1 += b * b;
  }
  return ss0 - (s0 * s0) / HALF + ss1 - (s1 * s1) / HALF;
}

/** What the bound needs of a query, worked out once. */
export interface Screen {
  /** A's pairs, strongest first: index in `gradients` order, whether vertical, and their two cells' slots. */
  pair: Int32Array;
  vert: Uint8Array;
  p: Int32Array;
  q: Int32Array;
  /** The cells by slot (in the order the pairs first need them), and how many slots the first m + 1 pairs need. */
  cellY: Int32Array;
  cellX: Int32Array;
  need: Int32Array;
  /** The query's differences over A: normalised gradients (the plain framings), luminance (the rotated ones). */
  grads: Float64Array;
  luma: Float64Array;
  /**
   * E_S of each over every pair. The rotated framings compare fewer pairs: the energy over every pair is at least the
   * energy over those (their own means minimise it), so the share it gives is smaller and the bound still holds.
   */
  gradsTotal: number;
  lumaTotal: number;
  /**
   * The query's energy over all of A, no mean removed: at least E_A over any part of it, so when it is at most
   * (1 - t^2) E_S the screen cannot reject at t and is skipped.
   */
  gradsA: number;
  lumaA: number;
}
/** What a screen reads of a query (detail-verify.ts Detail). */
type Detail = { readonly grads: Float32Array; readonly luma: Float32Array };
const byQuery = new WeakMap<Detail, Screen>();

/** The query's screen: its strongest pairs (by normalised gradient) holding A_SHARE of its energy. */
export function screenOf(dq: Detail): Screen {
  if (dq === last) return lastScreen!;
  let s = byQuery.get(dq);
  if (!s) byQuery.set(dq, (s = screenFor(dq)));
  [last, lastScreen] = [dq, s];
  return s;
}
let last: Detail | null = null;
let lastScreen: Screen | null = null;

// Run once per query, often not yet optimised: plain loops, no arrays made per element.
function screenFor(dq: Detail): Screen {
  const g = dq.grads;
  const K = 2 * HALF;
  const sq = new Float64Array(K);
  let total = 0;
  for (let k = 0; k < K; k++) total += sq[k] = g[k]! * g[k]!;
  // A, strongest first by half-octave classes of the square (ties in `gradients` order): whole classes until they
  // hold A_SHARE. A counting sort, where sorting the 480 cost more than the rest of the query's setup.
  let max = 0;
  for (let k = 0; k < K; k++) max = Math.max(max, sq[k]!);
  const cls = new Uint8Array(K);
  const inCls = new Float64Array(CLASSES + 1);
  const count = new Int32Array(CLASSES + 1);
  for (let k = 0; k < K; k++) {
    const c = sq[k]! > 0 ? Math.min(CLASSES, Math.floor(-2 * Math.log2(sq[k]! / max))) : CLASSES;
    cls[k] = c;
    inCls[c] = inCls[c]! + sq[k]!;
    count[c] = count[c]! + 1;
  }
  let last = 0;
  let n = 0;
  for (let sum = 0; last < CLASSES && sum < A_SHARE * total; last++) [sum, n] = [sum + inCls[last]!, n + count[last]!];
  const pair = new Int32Array(n);
  const at = new Int32Array(last);
  for (let c = 1; c < last; c++) at[c] = at[c - 1]! + count[c - 1]!;
  for (let k = 0; k < K; k++) if (cls[k]! < last) pair[at[cls[k]!]!++] = k;

  const slot = new Int32Array(N * N).fill(-1);
  const cellY = new Int32Array(N * N);
  const cellX = new Int32Array(N * N);
  let used = 0;
  const slotOf = (cell: number): number => {
    if (slot[cell]! < 0) {
      slot[cell] = used;
      cellY[used] = (cell / N) | 0;
      cellX[used++] = cell % N;
    }
    return slot[cell]!;
  };
  const s: Screen = {
    pair, vert: new Uint8Array(n), p: new Int32Array(n), q: new Int32Array(n), need: new Int32Array(n), cellY, cellX,
    grads: new Float64Array(n), luma: new Float64Array(n), gradsTotal: 0, lumaTotal: 0, gradsA: 0, lumaA: 0,
  };
  const all = new Float64Array(K);
  for (let k = 0; k < K; k++) all[k] = dq.luma[PAIR_Q[k]!]! - dq.luma[PAIR_P[k]!]!;
  for (let m = 0; m < n; m++) {
    const k = pair[m]!;
    s.p[m] = slotOf(PAIR_P[k]!);
    s.q[m] = slotOf(PAIR_Q[k]!);
    s.need[m] = used;
    s.vert[m] = k < HALF ? 0 : 1;
    s.grads[m] = g[k]!;
    s.luma[m] = all[k]!;
    s.gradsA += g[k]! * g[k]!;
    s.lumaA += all[k]! * all[k]!;
  }
  s.gradsTotal = energyOf(g);
  s.lumaTotal = energyOf(all);
  return s;
}
