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
import { type DetailQuery, FRAMINGS, type PairScores } from './detail-verify.js';
import { COMPARE_SIDE, DETAIL_SIDE } from './luma-thumb.js';
import { MIN_INSIDE, type RotatedGrid, rotationSource } from './rotate/detail-rotate.js';

/** Share of the query's gradient energy its strongest pairs must hold to make up A. */
const A_SHARE = 0.6;
/**
 * The same for a first, cheaper screen over fewer pairs (a bound for any A holds): a framing it puts below the
 * threshold is not screened again over the full A.
 */
const A_SHARE_FIRST = 0.4;
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

/** A: the query's strongest pairs (by normalised gradient) holding each share of its energy, in `gradients` order. */
function strongest(grads: Float32Array, shares: readonly number[]): Int32Array[] {
  const sq = Float64Array.from(grads);
  for (let k = 0; k < sq.length; k++) sq[k] = sq[k]! * sq[k]!;
  const sorted = sq.slice().sort();
  let total = 0;
  for (let k = 0; k < sq.length; k++) total += sq[k]!;
  return shares.map((share) => {
    let sum = 0;
    let least = Infinity;
    for (let k = sorted.length - 1; k >= 0 && sum < share * total; k--) {
      sum += sorted[k]!;
      least = sorted[k]!;
    }
    const out: number[] = [];
    for (let k = 0; k < sq.length; k++) if (sq[k]! >= least) out.push(k);
    return Int32Array.from(out);
  });
}

/** The query's energy over every pair of `diff` (a value per pair), each direction's mean removed. */
function energyOf(diff: ArrayLike<number>): number {
  let s0 = 0, ss0 = 0, s1 = 0, ss1 = 0;
  for (let k = 0; k < HALF; k++) {
    s0 += diff[k]!;
    ss0 += diff[k]! ** 2;
    s1 += diff[k + HALF]!;
    ss1 += diff[k + HALF]! ** 2;
  }
  return ss0 - (s0 * s0) / HALF + ss1 - (s1 * s1) / HALF;
}

/** Where a compare row (or column) of a frame side samples the stored side: as luma-thumb.ts `frameGrid`. */
function axis(start: number, size: number, j: number): [number, number, number] {
  const v = Math.min(M - 1, Math.max(0, (start + ((j + 0.5) / N) * size) * M - 0.5));
  const v0 = Math.floor(v);
  return [v0, Math.min(M - 1, v0 + 1) - v0, v - v0];
}

/** Per framing, by a compare cell's row (source row times M, step down, weight) and column: its bilinear source. */
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

/** What the bound needs of a query, worked out once. */
interface Screens {
  /** A's pairs (horizontal ones first, `split` of them), the cells they join, and each pair's two cells among those. */
  pairs: Int32Array;
  split: number;
  cells: Int32Array;
  p: Int32Array;
  q: Int32Array;
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
   * The query's energy over A's pairs, no mean removed: at least E_A over any of them, so when it is at most
   * (1 - t^2) E_S the screen cannot reject at t and is skipped (the first screen at the rotated near miss).
   */
  gradsA: number;
  lumaA: number;
}
const byQuery = new WeakMap<DetailQuery, [first: Screens, full: Screens]>();

/** The query's screens: over the strongest pairs holding A_SHARE_FIRST of its energy, then A_SHARE. */
function screensOf(dq: DetailQuery): [Screens, Screens] {
  let s = byQuery.get(dq);
  if (s) return s;
  const [first, full] = strongest(dq.grads, [A_SHARE_FIRST, A_SHARE]);
  const luma = Float64Array.from(PAIR_P, (p, k) => dq.luma[PAIR_Q[k]!]! - dq.luma[p]!);
  const totals = { gradsTotal: energyOf(dq.grads), lumaTotal: energyOf(luma) };
  byQuery.set(dq, (s = [screensOver(dq, first!, luma, totals), screensOver(dq, full!, luma, totals)]));
  return s;
}

function screensOver(dq: DetailQuery, pairs: Int32Array, luma: Float64Array, totals: Pick<Screens, 'gradsTotal' | 'lumaTotal'>): Screens {
  const slot = new Int32Array(N * N).fill(-1);
  const cells: number[] = [];
  const at = (cell: number) => (slot[cell]! >= 0 ? slot[cell]! : ((slot[cell] = cells.length), cells.push(cell) - 1));
  const s: Screens = {
    pairs,
    split: pairs.filter((k) => k < HALF).length,
    p: pairs.map((k) => at(PAIR_P[k]!)),
    q: pairs.map((k) => at(PAIR_Q[k]!)),
    cells: new Int32Array(0),
    grads: Float64Array.from(pairs, (k) => dq.grads[k]!),
    luma: Float64Array.from(pairs, (k) => luma[k]!),
    ...totals,
    gradsA: 0,
    lumaA: 0,
  };
  s.gradsA = s.grads.reduce((e, v) => e + v * v, 0);
  s.lumaA = s.luma.reduce((e, v) => e + v * v, 0);
  s.cells = Int32Array.from(cells);
  return s;
}

const values = new Float64Array(N * N);

/** Whether a screen whose query energy over A is `a` (E_S `total`) can reject at `min` at all (see `bounded`). */
function canReject(a: number, total: number, min: number): boolean {
  const t = min - SLACK;
  return t > 0 && a * (1 + 1e-9) > (1 - t * t) * total;
}

/**
 * Whether the bound over A's pairs (those `has` keeps, all when null), with the work's samples in `values` and the
 * query's differences `x` (E_S `total`), proves the score below `min`.
 */
function bounded(s: Screens, x: Float64Array, total: number, has: Uint8Array | null, min: number): boolean {
  const { pairs, p, q, split } = s;
  const t = min - SLACK;
  if (t <= 0 || !(total > 0)) return false;
  // E_A, the covariance and the work's energy over A, each direction's means over A removed.
  let eA = 0;
  let cov = 0;
  let vy = 0;
  for (let d = 0; d < 2; d++) {
    const [from, to] = d ? [split, pairs.length] : [0, split];
    let n = 0, sx = 0, sxx = 0, sy = 0, syy = 0, sxy = 0;
    for (let i = from; i < to; i++) {
      if (has && !has[pairs[i]!]) continue;
      const y = values[q[i]!]! - values[p[i]!]!;
      n++;
      sx += x[i]!;
      sxx += x[i]! * x[i]!;
      sy += y;
      syy += y * y;
      sxy += x[i]! * y;
    }
    if (!n) continue;
    eA += sxx - (sx * sx) / n;
    cov += sxy - (sx * sy) / n;
    vy += syy - (sy * sy) / n;
  }
  const c = 1 - ((1 - t * t) * total) / eA;
  return c > 0 && (cov <= 0 || cov * cov < c * eA * vy);
}

/** Whether FRAMINGS[i] of `thumb` provably scores below `min` for the query: the first screen, else the full one. */
export function framingBelow(dq: DetailQuery, i: number, thumb: Uint8Array, min: number): boolean {
  const [first, full] = screensOf(dq);
  return framingScreen(first, i, thumb, min) || framingScreen(full, i, thumb, min);
}

/**
 * Whether FRAMINGS[i] scores below `min` for a pair (detail-verify.ts `pairScores`): from its score when it was worked
 * out, from an earlier proof at `min` or below, else by the bound (a proof is kept for the hints' framing choice).
 */
export function framingBelowFor(pair: PairScores, i: number, min: number): boolean {
  const known = pair.scores[i]!;
  if (known === known) return known < min;
  if (pair.below[i]! <= min) return true;
  if (!framingBelow(pair.q, i, pair.thumb, min)) return false;
  pair.below[i] = min;
  return true;
}

function framingScreen(s: Screens, i: number, thumb: Uint8Array, min: number): boolean {
  if (!canReject(s.gradsA, s.gradsTotal, min)) return false;
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
  return bounded(s, s.grads, s.gradsTotal, null, min);
}

/**
 * Whether a rotated framing of `thumb` provably scores below `min` for the query (detail-rotate.ts `verifyRotated`),
 * or is not scored at all.
 */
export function rotatedBelow(dq: DetailQuery, g: RotatedGrid, thumb: Uint8Array, min: number): boolean {
  const inS = pairsOf(g);
  if (!inS.scored) return true;
  const [first, full] = screensOf(dq);
  return rotatedScreen(first, g, inS.has, thumb, min) || rotatedScreen(full, g, inS.has, thumb, min);
}

function rotatedScreen(s: Screens, g: RotatedGrid, has: Uint8Array, thumb: Uint8Array, min: number): boolean {
  if (!canReject(s.lumaA, s.lumaTotal, min)) return false;
  const cells = s.cells;
  const src = rotationSource(thumb); // what rotatedScore samples
  for (let k = 0; k < cells.length; k++) {
    const a = g.at[cells[k]!]!;
    if (a < 0) continue; // its pairs are not compared
    const u = g.wx[cells[k]!]!;
    const w = g.wy[cells[k]!]!;
    values[k] = (src[a]! * (1 - u) + src[a + 1]! * u) * (1 - w) + (src[a + M]! * (1 - u) + src[a + M + 1]! * u) * w;
  }
  return bounded(s, s.luma, s.lumaTotal, has, min);
}
