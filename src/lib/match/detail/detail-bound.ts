/**
 * An exact early rejection for the detail stage (detail-stage.ts): before a framing (detail-verify.ts FRAMINGS) or a
 * rotated framing (detail-rotate.ts) of a candidate is scored, the correlation is computed over a few of the query's
 * strongest gradient pairs only ("A"), and a bound on the full correlation follows from it. For the query's
 * differences x and the work's y over the pairs S a framing compares, each direction's mean removed over S:
 *
 *   corr_S(x, y) <= sqrt(1 - (E_A / E_S) (1 - max(rho_A, 0)^2))
 *
 * where E_S is the query's energy over S, E_A its energy over A with the means over A removed, and rho_A the
 * correlation over A (means over A removed). Proof: split S into A and B = S \ A, and the query's and work's vectors
 * on A into their per-direction constant part and the rest; the covariance is the sum of three inner products, each
 * at most the product of the two parts' norms (rho_A times them for the rest of A), and Cauchy-Schwarz over the three
 * terms gives the bound, since the query's three parts add up to E_S and the work's to its whole energy. A framing
 * whose bound is below a threshold cannot reach it: skipping it changes no verdict and no score that passes. Pure.
 */
import { FRAMINGS } from './detail-verify.js';
import { COMPARE_SIDE, DETAIL_SIDE } from './luma-thumb.js';
import type { DetailQuery } from './detail-verify.js';
import { MIN_INSIDE, type RotatedGrid } from './detail-rotate.js';

/** Share of the query's gradient energy its strongest pairs must hold to make up A. */
const A_SHARE = 0.6;
/** Margin on every threshold: the bound is computed in another order of operations than the score. */
const SLACK = 1e-3;

const N = COMPARE_SIDE;
const M = DETAIL_SIDE;
/** Horizontal pairs: N rows of N - 1; then vertical ones, N - 1 rows of N (luma-thumb.ts `gradients` order). */
const HALF = N * (N - 1);
const cellsOf = (k: number): [number, number] => {
  if (k < HALF) {
    const p = Math.floor(k / (N - 1)) * N + (k % (N - 1));
    return [p, p + 1];
  }
  return [k - HALF, k - HALF + N];
};

/** A's pairs as one framing or rotated framing samples them, and what the bound needs of the query over them. */
export interface Screen {
  /** Per cell of A: the stored thumbnail's bilinear source, top-left index, steps right and down, weights. */
  o: Int32Array;
  ox: Int32Array;
  oy: Int32Array;
  wx: Float64Array;
  wy: Float64Array;
  /** Per pair of A (horizontal ones first, `split` of them): its two cells (indices above), the query's difference. */
  p: Int32Array;
  q: Int32Array;
  x: Float64Array;
  split: number;
  /** E_A and E_A / E_S. */
  energy: number;
  share: number;
}

/** A: the query's strongest pairs (by normalised gradient) holding A_SHARE of its energy, in `gradients` order. */
function strongest(grads: Float32Array): number[] {
  const order = Array.from(grads.keys()).sort((a, b) => grads[b]! ** 2 - grads[a]! ** 2);
  let total = 0;
  for (const g of grads) total += g * g;
  const out: number[] = [];
  let sum = 0;
  for (const k of order) {
    if (sum >= A_SHARE * total) break;
    out.push(k);
    sum += grads[k]! ** 2;
  }
  return out.sort((a, b) => a - b);
}

/**
 * The screen of A's pairs kept by `keep` (both cells in the framing), `diff` giving the query's difference of a pair,
 * `source` a compare cell's bilinear source; null when nothing is left to bound with.
 */
function screenOf(pairs: readonly number[], keep: (k: number) => boolean, diff: (k: number) => number, source: (cell: number) => [number, number, number, number, number]): Screen | null {
  // E_S: the query's energy over every pair the framing compares, each direction's mean removed.
  let eS = 0;
  const meanS = [0, 0];
  for (const [from, to, d] of [[0, HALF, 0], [HALF, 2 * HALF, 1]] as const) {
    let s = 0, ss = 0, n = 0;
    for (let k = from; k < to; k++) {
      if (!keep(k)) continue;
      const v = diff(k);
      s += v;
      ss += v * v;
      n++;
    }
    if (n) eS += ss - (s * s) / n;
    meanS[d] = n ? s / n : 0;
  }
  const kept = pairs.filter(keep);
  if (!kept.length || !(eS > 0)) return null;
  const split = kept.findIndex((k) => k >= HALF);
  const local = new Map<number, number>();
  const at = (cell: number) => local.get(cell) ?? (local.set(cell, local.size), local.size - 1);
  const p = Int32Array.from(kept, (k) => at(cellsOf(k)[0]));
  const q = Int32Array.from(kept, (k) => at(cellsOf(k)[1]));
  const x = Float64Array.from(kept, diff);
  const s: Screen = { o: new Int32Array(local.size), ox: new Int32Array(local.size), oy: new Int32Array(local.size), wx: new Float64Array(local.size), wy: new Float64Array(local.size), p, q, x, split: split < 0 ? kept.length : split, energy: 0, share: 0 };
  for (const [cell, i] of local) [s.o[i], s.ox[i], s.oy[i], s.wx[i], s.wy[i]] = source(cell);
  for (const [from, to] of [[0, s.split], [s.split, kept.length]] as const) {
    let m = 0;
    for (let i = from; i < to; i++) m += x[i]!;
    m /= to - from || 1;
    for (let i = from; i < to; i++) {
      x[i] = x[i]! - m;
      s.energy += x[i]! ** 2;
    }
  }
  s.share = s.energy / eS;
  return s;
}

/** Where a compare row (or column) of a frame side samples the stored side: as luma-thumb.ts `frameGrid`. */
function axis(start: number, size: number, j: number): [number, number, number] {
  const v = Math.min(M - 1, Math.max(0, (start + ((j + 0.5) / N) * size) * M - 0.5));
  const v0 = Math.floor(v);
  return [v0, Math.min(M - 1, v0 + 1) - v0, v - v0];
}

interface Screens {
  pairs: number[];
  framings: (Screen | null)[];
  rotated: Map<RotatedGrid, Screen | null>;
}
const byQuery = new WeakMap<DetailQuery, Screens>();

function screensOf(dq: DetailQuery): Screens {
  let s = byQuery.get(dq);
  if (!s) byQuery.set(dq, (s = { pairs: strongest(dq.grads), framings: [], rotated: new Map() }));
  return s;
}

/** The screen of FRAMINGS[i] for a query (worked out on first use). */
function framingScreen(dq: DetailQuery, i: number): Screen | null {
  const s = screensOf(dq);
  if (s.framings[i] !== undefined) return s.framings[i];
  const { frame, flip } = FRAMINGS[i]!;
  const h = flip === 'h' || flip === 'hv';
  const v = flip === 'v' || flip === 'hv';
  const screen = screenOf(s.pairs, () => true, (k) => dq.grads[k]!, (cell) => {
    // A mirrored framing writes sample (j, i) to cell (n-1-j, n-1-i): the cell's sample is the mirrored one.
    const j = v ? N - 1 - Math.floor(cell / N) : Math.floor(cell / N);
    const i = h ? N - 1 - (cell % N) : cell % N;
    const [y0, dy, wy] = axis(frame[1], frame[3], j);
    const [x0, dx, wx] = axis(frame[0], frame[2], i);
    return [y0 * M + x0, dx, dy * M, wx, wy];
  });
  s.framings[i] = screen;
  return screen;
}

/** The screen of a rotated framing for a query: only pairs with both cells inside the work count. */
function rotatedScreen(dq: DetailQuery, g: RotatedGrid): Screen | null {
  const s = screensOf(dq);
  const known = s.rotated.get(g);
  if (known !== undefined) return known;
  const keep = (k: number) => {
    const [a, b] = cellsOf(k);
    return g.inside[a] === 1 && g.inside[b] === 1;
  };
  const screen = screenOf(s.pairs, keep, (k) => {
    const [a, b] = cellsOf(k);
    return dq.luma[b]! - dq.luma[a]!;
  }, (cell) => [g.at[cell]!, 1, M, g.wx[cell]!, g.wy[cell]!]);
  s.rotated.set(g, screen);
  return screen;
}

const values = new Float64Array(2 * N * N);

/** Whether the bound proves the screen's framing of `thumb` scores below `min` (false: it may not). */
function below(s: Screen | null, thumb: Uint8Array, min: number): boolean {
  if (!s) return false;
  const t = min - SLACK;
  const c = 1 - (1 - t * t) / s.share;
  if (t <= 0 || c <= 0) return false;
  const { o, ox, oy, wx, wy, p, q, x } = s;
  for (let i = 0; i < o.length; i++) {
    const a = o[i]!;
    const b = a + oy[i]!;
    const u = wx[i]!;
    const w = wy[i]!;
    values[i] = (thumb[a]! * (1 - u) + thumb[a + ox[i]!]! * u) * (1 - w) + (thumb[b]! * (1 - u) + thumb[b + ox[i]!]! * u) * w;
  }
  // Each direction's sums written out (a loop over the two directions allocated its bounds on every call).
  let cov = 0;
  let sy = 0;
  let syy = 0;
  const split = s.split;
  for (let i = 0; i < split; i++) {
    const y = values[q[i]!]! - values[p[i]!]!;
    cov += x[i]! * y;
    sy += y;
    syy += y * y;
  }
  let vy = split ? syy - (sy * sy) / split : 0;
  sy = 0;
  syy = 0;
  for (let i = split; i < p.length; i++) {
    const y = values[q[i]!]! - values[p[i]!]!;
    cov += x[i]! * y;
    sy += y;
    syy += y * y;
  }
  if (p.length > split) vy += syy - (sy * sy) / (p.length - split);
  return cov <= 0 || cov * cov < c * s.energy * vy;
}

/** Whether FRAMINGS[i] of `thumb` provably scores below `min` for the query. */
export function framingBelow(dq: DetailQuery, i: number, thumb: Uint8Array, min: number): boolean {
  return below(framingScreen(dq, i), thumb, min);
}

/** Rotated framings `verifyRotated` scores at all (enough of the query inside the work). */
const scored = new WeakMap<RotatedGrid, boolean>();

/**
 * Whether a rotated framing of `thumb` provably scores below `min` for the query (detail-rotate.ts `verifyRotated`),
 * or is not scored at all.
 */
export function rotatedBelow(dq: DetailQuery, g: RotatedGrid, thumb: Uint8Array, min: number): boolean {
  let yes = scored.get(g);
  if (yes === undefined) scored.set(g, (yes = g.inside.reduce((n, v) => n + v, 0) >= MIN_INSIDE * g.at.length));
  return !yes || below(rotatedScreen(dq, g), thumb, min);
}
