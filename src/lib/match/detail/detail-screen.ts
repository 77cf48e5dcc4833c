/**
 * What the detail stage's bound (detail-bound.ts) needs of a query, worked out once per query: A, its strongest
 * gradient pairs holding up to A_SHARE of its energy, strongest first, with the cells they join in the order the
 * pairs first need them, so that a screen can sample the work's cells as its growing prefix of A needs them. Pure.
 */
import { COMPARE_SIDE, DETAIL_SIDE } from './luma-thumb.js';

/**
 * Share of the query's gradient energy its strongest pairs hold in A (at most: any prefix is tried), for the plain
 * framings; a rotated framing's A takes every pair but the weakest class. A stranger is mostly rejected on a short
 * prefix either way; the longer rotated A rejects the rest before `rotatedMatch` would score them all.
 */
const A_SHARE = 0.6;
const ROT_SHARE = 1;
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
  /** E_S of the gradients over every pair (a rotated framing's E_S: `maskedTotal`). */
  gradsTotal: number;
  /**
   * The query's energy over all of A, no mean removed: at least E_A over any part of it, so when it is at most
   * (1 - t^2) E_S the screen cannot reject at t and is skipped.
   */
  gradsA: number;
  lumaA: number;
  /** How many of the pairs make up A for the plain framings and for the rotated ones. */
  plainN: number;
  rotN: number;
  /** The query's luminance differences over every pair (`gradients` order), and E_S over the pairs a mask keeps. */
  lumaAll: Float64Array;
  masked: Map<Uint8Array, number>;
  /** The plain framings' A, split by direction, in chunks of `STEP` pairs (`plainChunks`). */
  plain: PlainChunks;
}

/** Pairs a plain framing's screen adds between two tries of the bound. */
export const STEP = 8;

/**
 * The plain framings' A as two lists (horizontal, vertical pairs: their cells' slots and the query's gradient), and
 * per chunk of STEP pairs of A's order: where each list ends, how many slots it needs, and the query's side of the
 * bound over the prefix, which no framing changes: E_A, each direction's mean and 1 / count.
 */
export interface PlainChunks {
  hp: Int32Array;
  hq: Int32Array;
  hx: Float64Array;
  vp: Int32Array;
  vq: Int32Array;
  vx: Float64Array;
  hEnd: Int32Array;
  vEnd: Int32Array;
  need: Int32Array;
  eA: Float64Array;
  mean0: Float64Array;
  mean1: Float64Array;
  inv0: Float64Array;
  inv1: Float64Array;
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

/** A query's temporary arrays, reused: the screens keep only what `carve` cuts for them. */
const K = 2 * HALF;
const sq = new Float64Array(K);
const cls = new Uint8Array(K);
const inCls = new Float64Array(CLASSES + 1);
const count = new Int32Array(CLASSES + 1);
const at = new Int32Array(CLASSES + 1);
const slot = new Int32Array(N * N);

/** Views cut in turn from one buffer of each kind: a typed array made per field cost more than filling it. */
function carve(ints: number, floats: number) {
  const [i32, f64] = [new Int32Array(ints), new Float64Array(floats)];
  let [i, f] = [0, 0];
  return { int: (n: number) => i32.subarray(i, (i += n)), float: (n: number) => f64.subarray(f, (f += n)) };
}

// Run once per query, often not yet optimised: plain loops, no arrays made per element.
function screenFor(dq: Detail): Screen {
  const g = dq.grads;
  let total = 0;
  for (let k = 0; k < K; k++) total += sq[k] = g[k]! * g[k]!;
  // A, strongest first by half-octave classes of the square (ties in `gradients` order): whole classes until they
  // hold A_SHARE. A counting sort, where sorting the 480 cost more than the rest of the query's setup.
  let max = 0;
  for (let k = 0; k < K; k++) max = Math.max(max, sq[k]!);
  inCls.fill(0);
  count.fill(0);
  for (let k = 0; k < K; k++) {
    // -log2((sq / max)^2), rounded up, from the leading zeros (Math.log2 cost more than the rest of this loop).
    const r = sq[k]! / max;
    const c = Math.min(CLASSES, Math.clz32(Math.floor(r * r * 2 ** 31)));
    cls[k] = c;
    inCls[c] = inCls[c]! + sq[k]!;
    count[c] = count[c]! + 1;
  }
  const upTo = (share: number) => {
    let [c, m] = [0, 0];
    for (let sum = 0; c < CLASSES && sum < share * total; c++) {
      sum += inCls[c]!;
      m += count[c]!;
    }
    return m;
  };
  const [plainN, n] = [upTo(A_SHARE), K];
  const cut = carve(4 * n + 2 * N * N + 2 * plainN + 3 * Math.ceil(plainN / STEP), 3 * n + plainN + 5 * Math.ceil(plainN / STEP));
  // Every pair, by class; A takes the first whole classes that hold its share.
  const pair = cut.int(n);
  at[0] = 0;
  for (let c = 1; c <= CLASSES; c++) at[c] = at[c - 1]! + count[c - 1]!;
  for (let k = 0; k < K; k++) pair[at[cls[k]!]!++] = k;
  slot.fill(-1);
  const [cellY, cellX] = [cut.int(N * N), cut.int(N * N)];
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
    pair, vert: new Uint8Array(n), p: cut.int(n), q: cut.int(n), need: cut.int(n), cellY, cellX,
    grads: cut.float(n), luma: cut.float(n), gradsTotal: 0, gradsA: 0, lumaA: 0,
    plainN, rotN: upTo(ROT_SHARE), lumaAll: cut.float(K), masked: new Map(), plain: null!,
  };
  const all = s.lumaAll;
  for (let k = 0; k < K; k++) all[k] = dq.luma[PAIR_Q[k]!]! - dq.luma[PAIR_P[k]!]!;
  for (let m = 0; m < n; m++) {
    const k = pair[m]!;
    s.p[m] = slotOf(PAIR_P[k]!);
    s.q[m] = slotOf(PAIR_Q[k]!);
    s.need[m] = used;
    s.vert[m] = k < HALF ? 0 : 1;
    s.grads[m] = g[k]!;
    s.luma[m] = all[k]!;
    if (m < s.plainN) s.gradsA += g[k]! * g[k]!;
    if (m < s.rotN) s.lumaA += all[k]! * all[k]!;
  }
  s.gradsTotal = energyOf(g);
  s.plain = plainChunks(s, cut);
  return s;
}

function plainChunks(s: Screen, cut: ReturnType<typeof carve>): PlainChunks {
  const n = s.plainN;
  const chunks = Math.ceil(n / STEP);
  let h = 0;
  for (let m = 0; m < n; m++) h += 1 - s.vert[m]!;
  const c: PlainChunks = {
    hp: cut.int(h), hq: cut.int(h), hx: cut.float(h), vp: cut.int(n - h), vq: cut.int(n - h), vx: cut.float(n - h),
    hEnd: cut.int(chunks), vEnd: cut.int(chunks), need: cut.int(chunks),
    eA: cut.float(chunks), mean0: cut.float(chunks), mean1: cut.float(chunks), inv0: cut.float(chunks), inv1: cut.float(chunks),
  };
  let n0 = 0, sx0 = 0, sxx0 = 0, n1 = 0, sx1 = 0, sxx1 = 0;
  for (let m = 0; m < n; m++) {
    const x = s.grads[m]!;
    if (s.vert[m]) {
      c.vp[n1] = s.p[m]!;
      c.vq[n1] = s.q[m]!;
      c.vx[n1++] = x;
      sx1 += x;
      sxx1 += x * x;
    } else {
      c.hp[n0] = s.p[m]!;
      c.hq[n0] = s.q[m]!;
      c.hx[n0++] = x;
      sx0 += x;
      sxx0 += x * x;
    }
    if ((m + 1) % STEP && m + 1 < n) continue;
    const j = Math.ceil((m + 1) / STEP) - 1;
    c.hEnd[j] = n0;
    c.vEnd[j] = n1;
    c.need[j] = s.need[m]!;
    c.inv0[j] = n0 ? 1 / n0 : 0;
    c.inv1[j] = n1 ? 1 / n1 : 0;
    c.mean0[j] = sx0 * c.inv0[j]!;
    c.mean1[j] = sx1 * c.inv1[j]!;
    c.eA[j] = sxx0 - sx0 * c.mean0[j]! + sxx1 - sx1 * c.mean1[j]!;
  }
  return c;
}
