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
/** Each pair's two cells (row-major index), by pair index. */
const PAIR_P = new Int32Array(2 * HALF);
const PAIR_Q = new Int32Array(2 * HALF);
for (let k = 0; k < 2 * HALF; k++) {
  const p = k < HALF ? Math.floor(k / (N - 1)) * N + (k % (N - 1)) : k - HALF;
  [PAIR_P[k], PAIR_Q[k]] = [p, k < HALF ? p + 1 : p + N];
}

/** A's pairs and what the bound needs of the query over them, S being every pair (the plain framings). */
interface Screen {
  /** The compare cells A's pairs join (row-major index). */
  cells: Int32Array;
  /** Per pair of A (horizontal ones first, `split` of them): its two cells (indices into `cells`), the query's difference. */
  p: Int32Array;
  q: Int32Array;
  x: Float64Array;
  split: number;
  /** E_A, E_S and E_A / E_S. */
  energy: number;
  total: number;
  share: number;
}

/** A: the query's strongest pairs (by normalised gradient) holding A_SHARE of its energy, in `gradients` order. */
function strongest(grads: Float32Array): Int32Array {
  const sq = Float64Array.from(grads);
  for (let k = 0; k < sq.length; k++) sq[k] = sq[k]! * sq[k]!;
  const sorted = sq.slice().sort();
  let total = 0;
  for (let k = 0; k < sq.length; k++) total += sq[k]!;
  let sum = 0;
  let least = Infinity;
  for (let k = sorted.length - 1; k >= 0 && sum < A_SHARE * total; k--) {
    sum += sorted[k]!;
    least = sorted[k]!;
  }
  const out: number[] = [];
  for (let k = 0; k < sq.length; k++) if (sq[k]! >= least) out.push(k);
  return Int32Array.from(out);
}

const slot = new Int32Array(N * N);

/** The screen of A's pairs, `diff` the query's difference of every pair; null when nothing is left to bound with. */
function screenOf(pairs: Int32Array, diff: Float64Array): Screen | null {
  // E_S: the query's energy over every pair, each direction's mean removed.
  let s0 = 0, ss0 = 0, s1 = 0, ss1 = 0;
  for (let k = 0; k < diff.length; k++) {
    const v = diff[k]!;
    if (k < HALF) {
      s0 += v;
      ss0 += v * v;
    } else {
      s1 += v;
      ss1 += v * v;
    }
  }
  const eS = ss0 - (s0 * s0) / HALF + ss1 - (s1 * s1) / HALF;
  const kept = pairs.length;
  if (!kept || !(eS > 0)) return null;
  const sc: Screen = { cells: new Int32Array(0), p: new Int32Array(kept), q: new Int32Array(kept), x: new Float64Array(kept), split: 0, energy: 0, total: eS, share: 0 };
  slot.fill(-1);
  const cells: number[] = [];
  const at = (cell: number) => (slot[cell]! >= 0 ? slot[cell]! : ((slot[cell] = cells.length), cells.push(cell) - 1));
  let i = 0;
  for (const k of pairs) {
    if (k < HALF) sc.split = i + 1;
    sc.p[i] = at(PAIR_P[k]!);
    sc.q[i] = at(PAIR_Q[k]!);
    sc.x[i++] = diff[k]!;
  }
  sc.cells = Int32Array.from(cells);
  const x = sc.x;
  for (const [from, to] of [[0, sc.split], [sc.split, kept]] as const) {
    let m = 0;
    for (let j = from; j < to; j++) m += x[j]!;
    m /= to - from || 1;
    for (let j = from; j < to; j++) {
      x[j] = x[j]! - m;
      sc.energy += x[j]! ** 2;
    }
  }
  sc.share = sc.energy / eS;
  return sc;
}

/** Where a compare row (or column) of a frame side samples the stored side: as luma-thumb.ts `frameGrid`. */
function axis(start: number, size: number, j: number): [number, number, number] {
  const v = Math.min(M - 1, Math.max(0, (start + ((j + 0.5) / N) * size) * M - 0.5));
  const v0 = Math.floor(v);
  return [v0, Math.min(M - 1, v0 + 1) - v0, v - v0];
}

/**
 * Per framing, by a compare cell's row (`ry0` its source row times M, `rdy` M or 0 at the last row, `rwy` the weight)
 * and column (`cx0`, `cdx`, `cwx`): where its bilinear sample comes from, mirrored framings included. Query-independent.
 */
const SOURCES = FRAMINGS.map(({ frame, flip }) => {
  const h = flip === 'h' || flip === 'hv';
  const v = flip === 'v' || flip === 'hv';
  const src = { ry0: new Int32Array(N), rdy: new Int32Array(N), rwy: new Float64Array(N), cx0: new Int32Array(N), cdx: new Int32Array(N), cwx: new Float64Array(N) };
  for (let c = 0; c < N; c++) {
    // A mirrored framing writes sample (j, i) to cell (n-1-j, n-1-i): the cell's sample is the mirrored one.
    const [y0, dy, wy] = axis(frame[1], frame[3], v ? N - 1 - c : c);
    const [x0, dx, wx] = axis(frame[0], frame[2], h ? N - 1 - c : c);
    [src.ry0[c], src.rdy[c], src.rwy[c], src.cx0[c], src.cdx[c], src.cwx[c]] = [y0 * M, dy * M, wy, x0, dx, wx];
  }
  return src;
});

/** Per rotated framing: the pairs it compares (both cells inside the work), and whether it is scored at all. */
const rotatedPairs = new WeakMap<RotatedGrid, { has: Uint8Array; scored: boolean }>();
function pairsOf(g: RotatedGrid) {
  let r = rotatedPairs.get(g);
  if (!r) {
    const has = Uint8Array.from(PAIR_P, (p, k) => (g.inside[p] === 1 && g.inside[PAIR_Q[k]!] === 1 ? 1 : 0));
    r = { has, scored: g.inside.reduce((n, v) => n + v, 0) >= MIN_INSIDE * g.at.length };
    rotatedPairs.set(g, r);
  }
  return r;
}

interface Screens {
  /** The one screen of every plain framing: they all compare every pair. */
  framing: Screen | null;
  /**
   * For the rotated framings, A's pairs (horizontal ones first, `framing.split` of them) with the query's luminance
   * differences, and the query's energy over every pair (means removed): at least its energy over the pairs any
   * rotated framing compares (the means over those minimise it), so the share it gives is a valid lower one.
   */
  pairs: Int32Array;
  luma: Float64Array;
  energy: number;
}
const byQuery = new WeakMap<DetailQuery, Screens>();

function screensOf(dq: DetailQuery): Screens {
  let s = byQuery.get(dq);
  if (!s) {
    const pairs = strongest(dq.grads);
    const all = new Float64Array(2 * HALF);
    for (let k = 0; k < all.length; k++) all[k] = dq.luma[PAIR_Q[k]!]! - dq.luma[PAIR_P[k]!]!;
    const whole = screenOf(pairs, all);
    s = { framing: screenOf(pairs, Float64Array.from(dq.grads)), pairs, luma: Float64Array.from(pairs, (k) => all[k]!), energy: whole?.total ?? 0 };
    byQuery.set(dq, s);
  }
  return s;
}

const values = new Float64Array(N * N);

/** Whether the bound on the screen's pairs, sampled into `values`, proves the score below `min` (false: it may not be). */
function bounded(s: Screen, min: number): boolean {
  const { p, q, x, split } = s;
  const t = min - SLACK;
  const c = 1 - (1 - t * t) / s.share;
  // Each direction's sums written out (a loop over the two directions allocated its bounds on every call).
  let cov = 0;
  let sy = 0;
  let syy = 0;
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

/** Whether the bound is worth computing: it can reject at `min` only when A holds enough of the query's energy. */
const mayBound = (s: Screen | null, min: number): s is Screen => !!s && min - SLACK > 0 && 1 - (1 - (min - SLACK) ** 2) / s.share > 0;

/** Whether FRAMINGS[i] of `thumb` provably scores below `min` for the query. */
export function framingBelow(dq: DetailQuery, i: number, thumb: Uint8Array, min: number): boolean {
  const s = screensOf(dq).framing;
  if (!mayBound(s, min)) return false;
  const { ry0, rdy, rwy, cx0, cdx, cwx } = SOURCES[i]!;
  const cells = s.cells;
  for (let k = 0; k < cells.length; k++) {
    const y = (cells[k]! / N) | 0;
    const x = cells[k]! - y * N;
    const a = ry0[y]! + cx0[x]!;
    const b = a + rdy[y]!;
    const dx = cdx[x]!;
    const u = cwx[x]!;
    const w = rwy[y]!;
    values[k] = (thumb[a]! * (1 - u) + thumb[a + dx]! * u) * (1 - w) + (thumb[b]! * (1 - u) + thumb[b + dx]! * u) * w;
  }
  return bounded(s, min);
}

/**
 * Whether a rotated framing of `thumb` provably scores below `min` for the query (detail-rotate.ts `verifyRotated`),
 * or is not scored at all.
 */
export function rotatedBelow(dq: DetailQuery, g: RotatedGrid, thumb: Uint8Array, min: number): boolean {
  const inS = pairsOf(g);
  if (!inS.scored) return true;
  const all = screensOf(dq);
  const s = all.framing;
  const t = min - SLACK;
  if (!s || t <= 0 || !(all.energy > 0)) return false;
  const { cells, p, q, split } = s;
  const { has } = inS;
  const { pairs, luma } = all;
  for (let k = 0; k < cells.length; k++) {
    const a = g.at[cells[k]!]!;
    if (a < 0) continue;
    const u = g.wx[cells[k]!]!;
    const w = g.wy[cells[k]!]!;
    values[k] = (thumb[a]! * (1 - u) + thumb[a + 1]! * u) * (1 - w) + (thumb[a + M]! * (1 - u) + thumb[a + M + 1]! * u) * w;
  }
  // A's pairs the framing compares, each direction's means over them removed: E_A, the covariance, the work's energy.
  let eA = 0;
  let cov = 0;
  let vy = 0;
  for (const [from, to] of [[0, split], [split, p.length]] as const) {
    let n = 0, sx = 0, sxx = 0, sy = 0, syy = 0, sxy = 0;
    for (let i = from; i < to; i++) {
      if (!has[pairs[i]!]) continue;
      const x = luma[i]!;
      const y = values[q[i]!]! - values[p[i]!]!;
      n++;
      sx += x;
      sxx += x * x;
      sy += y;
      syy += y * y;
      sxy += x * y;
    }
    if (!n) continue;
    eA += sxx - (sx * sx) / n;
    cov += sxy - (sx * sy) / n;
    vy += syy - (sy * sy) / n;
  }
  const c = 1 - ((1 - t * t) * all.energy) / eA;
  return c > 0 && (cov <= 0 || cov * cov < c * eA * vy);
}
