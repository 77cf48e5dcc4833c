/**
 * The detail comparison for a copy with one part redrawn (inpainting, a pasted patch): the gradient correlation of
 * detail.ts over the whole 16x16 grid except the one rectangle whose exclusion helps most. The hash-based partial
 * comparison (partial.ts) loses most 25% redraws, because blockhash thresholds each band of 4 rows against its own
 * median and a large patch moves the medians of every band it crosses; gradients have no median, so the cells
 * outside the patch keep their correlation.
 *
 * The tallest rectangle of each width (at most REDRAW_MAX_CELLS cells, both sides at least 3) at every position is
 * tried: summed-area tables over the neighbour-difference pairs make each one O(1). A pair is left out when either of its cells is inside the
 * rectangle. The rest must keep a share of the work's gradient energy, so that leaving out the one detailed part of
 * an image (a figure on a plain backdrop) cannot make two plain backdrops agree: REDRAW_MIN_KEPT, or, scored
 * separately (detail-stage.ts asks more of it), REDRAW_THIN_KEPT, for a patch over most of a portrait's figure. Pure.
 */
import { COMPARE_SIDE, sampleFrame, WHOLE_FRAME } from './luma-thumb.js';

/** Largest rectangle left out, in cells of the 16x16 grid: a quarter of the image never aligns with the grid (9x9). */
export const REDRAW_MAX_CELLS = 81;
/** Share of the work's gradient energy (sum of squared mean-removed differences) that must lie outside the rectangle. */
export const REDRAW_MIN_KEPT = 0.5;
/**
 * The same for the second score: a 25% patch over most of a portrait's figure leaves 0.15-0.46 of the work's energy
 * outside it (7 of the 24 portraits in the robustness benchmark), where true redraws still correlate at 0.99+.
 */
export const REDRAW_THIN_KEPT = 0.1;
/** The least share kept at all (a third score, detail-stage.ts asks still more of it): a patch over nearly all of a figure. */
export const REDRAW_SLIVER_KEPT = 0.05;

const N = COMPARE_SIDE;
/** Narrowest side of a rectangle left out, in cells. */
const MIN_SIDE = 3;
/** Sums per pair: count, a, b, ab, aa, bb. */
const K = 6;

export interface RedrawScore {
  /** Correlation (-1..1) outside the rectangle, 0 when no rectangle keeps enough energy. */
  score: number;
  /** The rectangle left out: row, column, height, width in cells. */
  rect: [number, number, number, number];
  /** Share of the work's gradient energy outside it. */
  kept: number;
}

/** Summed-area table (rows+1 x cols+1 x K) of the pair sums of one direction. */
function table(a: Float32Array, b: Float32Array, rows: number, cols: number, dx: number, dy: number): Float64Array {
  const P = cols + 1;
  const t = new Float64Array((rows + 1) * P * K);
  for (let y = 0; y < rows; y++) {
    for (let x = 0; x < cols; x++) {
      const i = y * N + x;
      const j = (y + dy) * N + x + dx;
      const da = a[j]! - a[i]!;
      const db = b[j]! - b[i]!;
      // The cell's own sums written out (an array a cell cost more than the sums themselves).
      const o = ((y + 1) * P + x + 1) * K;
      const up = (y * P + x + 1) * K;
      const left = ((y + 1) * P + x) * K;
      const diag = (y * P + x) * K;
      t[o] = 1 + t[up]! + t[left]! - t[diag]!;
      t[o + 1] = da + t[up + 1]! + t[left + 1]! - t[diag + 1]!;
      t[o + 2] = db + t[up + 2]! + t[left + 2]! - t[diag + 2]!;
      t[o + 3] = da * db + t[up + 3]! + t[left + 3]! - t[diag + 3]!;
      t[o + 4] = da * da + t[up + 4]! + t[left + 4]! - t[diag + 4]!;
      t[o + 5] = db * db + t[up + 5]! + t[left + 5]! - t[diag + 5]!;
    }
  }
  return t;
}

/** Sums over rows [r0, r1) and columns [c0, c1) of a table with `cols` columns, into `out`. */
function rectSums(t: Float64Array, cols: number, r0: number, r1: number, c0: number, c1: number, out: Float64Array): void {
  const P = cols + 1;
  for (let k = 0; k < K; k++) {
    out[k] = r1 > r0 && c1 > c0 ? t[(r1 * P + c1) * K + k]! - t[(r0 * P + c1) * K + k]! - t[(r1 * P + c0) * K + k]! + t[(r0 * P + c0) * K + k]! : 0;
  }
}

/** Mean-removed covariance, query variance and work variance of what is left of `all` after taking `cut` away (into `out` at `at`). */
function moments(all: Float64Array, cut: Float64Array, out: Float64Array, at: number): void {
  const n = all[0]! - cut[0]!;
  if (n < 2) {
    out[at] = out[at + 1] = out[at + 2] = 0;
    return;
  }
  const sa = all[1]! - cut[1]!;
  const sb = all[2]! - cut[2]!;
  out[at] = all[3]! - cut[3]! - (sa * sb) / n;
  out[at + 1] = all[4]! - cut[4]! - (sa * sa) / n;
  out[at + 2] = all[5]! - cut[5]! - (sb * sb) / n;
}

/**
 * `moments(all, rectSums(t, cols, r0, r1, c0, c1), out, at)` in one call without the sums' array: the same operations
 * in the same order (the rectangle loop calls it about 1,400 times a candidate, and the array cost more than the sums).
 */
function outside(t: Float64Array, cols: number, all: Float64Array, r0: number, r1: number, c0: number, c1: number, out: Float64Array, at: number): void {
  const P = cols + 1;
  const some = r1 > r0 && c1 > c0;
  const a = (r1 * P + c1) * K;
  const b = (r0 * P + c1) * K;
  const c = (r1 * P + c0) * K;
  const d = (r0 * P + c0) * K;
  const n = all[0]! - (some ? t[a]! - t[b]! - t[c]! + t[d]! : 0);
  if (n < 2) {
    out[at] = out[at + 1] = out[at + 2] = 0;
    return;
  }
  const sa = all[1]! - (some ? t[a + 1]! - t[b + 1]! - t[c + 1]! + t[d + 1]! : 0);
  const sb = all[2]! - (some ? t[a + 2]! - t[b + 2]! - t[c + 2]! + t[d + 2]! : 0);
  out[at] = all[3]! - (some ? t[a + 3]! - t[b + 3]! - t[c + 3]! + t[d + 3]! : 0) - (sa * sb) / n;
  out[at + 1] = all[4]! - (some ? t[a + 4]! - t[b + 4]! - t[c + 4]! + t[d + 4]! : 0) - (sa * sa) / n;
  out[at + 2] = all[5]! - (some ? t[a + 5]! - t[b + 5]! - t[c + 5]! + t[d + 5]! : 0) - (sb * sb) / n;
}

/**
 * Best correlation of a query's 16x16 luminance with a work's 32x32 thumbnail (whole frame) outside one rectangle
 * of at most REDRAW_MAX_CELLS cells that keeps REDRAW_MIN_KEPT of the work's gradient energy.
 */
export function redrawScore(queryLuma: Float32Array, thumb: Uint8Array): RedrawScore {
  return redrawScores(queryLuma, thumb, [REDRAW_MIN_KEPT])[0]!;
}

/** `redrawScore` for each of several shares of the work's gradient energy to keep, in one pass. */
export function redrawScores(queryLuma: Float32Array, thumb: Uint8Array, minKept: readonly number[]): RedrawScore[] {
  const b = sampleFrame(thumb, WHOLE_FRAME);
  // Horizontal pairs: N rows x N-1 columns; vertical: N-1 rows x N columns.
  const th = table(queryLuma, b, N, N - 1, 1, 0);
  const tv = table(queryLuma, b, N - 1, N, 0, 1);
  const allH = new Float64Array(K);
  const allV = new Float64Array(K);
  rectSums(th, N - 1, 0, N, 0, N - 1, allH);
  rectSums(tv, N, 0, N - 1, 0, N, allV);
  const m = new Float64Array(6);
  const none = new Float64Array(K);
  moments(allH, none, m, 0);
  moments(allV, none, m, 3);
  const energy = m[2]! + m[5]!;
  const best: RedrawScore[] = minKept.map(() => ({ score: 0, rect: [0, 0, 0, 0], kept: 0 }));
  if (energy <= 0) return best;
  // Only the tallest rectangle of each width (as partial.ts): leaving out a little more of the untouched part
  // costs little, and this keeps the search to about 700 rectangles.
  for (let w = MIN_SIDE; w <= N; w++) {
    const h = Math.min(N, Math.floor(REDRAW_MAX_CELLS / w));
    if (h < MIN_SIDE) break;
    for (let r0 = 0; r0 + h <= N; r0++) {
      for (let c0 = 0; c0 + w <= N; c0++) {
        // A pair is out when either cell is inside: horizontal pairs from one column left of the rectangle, vertical from one row above.
        outside(th, N - 1, allH, r0, r0 + h, Math.max(0, c0 - 1), Math.min(N - 1, c0 + w), m, 0);
        outside(tv, N, allV, Math.max(0, r0 - 1), Math.min(N - 1, r0 + h), c0, c0 + w, m, 3);
        const aa = m[1]! + m[4]!;
        const bb = m[2]! + m[5]!;
        if (aa <= 0 || bb <= 0) continue;
        const s = (m[0]! + m[3]!) / Math.sqrt(aa * bb);
        for (let i = 0; i < best.length; i++) {
          const b = best[i]!;
          if (bb < minKept[i]! * energy || s <= b.score) continue;
          b.score = s;
          b.rect = [r0, c0, h, w];
          b.kept = bb / energy;
        }
      }
    }
  }
  return best;
}

/**
 * Correlation of the *second* differences (each direction's mean removed) of a query's 16x16 luminance and a work's
 * thumbnail outside a rectangle ([row, column, height, width]); a triple is left out when any of its cells is inside.
 * A smooth backdrop (a radial gradient, a vignette) has gradients that two different figures on it share, but
 * almost no second differences: those are the edges of what is left of the figure, which only a copy shares.
 */
export function curvatureOutside(queryLuma: Float32Array, thumb: Uint8Array, rect: readonly [number, number, number, number]): number {
  const b = sampleFrame(thumb, WHOLE_FRAME);
  const [r0, c0, h, w] = rect;
  const inside = (y: number, x: number) => y >= r0 && y < r0 + h && x >= c0 && x < c0 + w;
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (const [dx, dy] of [[1, 0], [0, 1]] as const) {
    const da: number[] = [];
    const db: number[] = [];
    for (let y = dy; y + dy < N; y++) {
      for (let x = dx; x + dx < N; x++) {
        if (inside(y - dy, x - dx) || inside(y, x) || inside(y + dy, x + dx)) continue;
        const [i, j, k] = [(y - dy) * N + x - dx, y * N + x, (y + dy) * N + x + dx];
        da.push(queryLuma[i]! - 2 * queryLuma[j]! + queryLuma[k]!);
        db.push(b[i]! - 2 * b[j]! + b[k]!);
      }
    }
    const ma = da.reduce((s, v) => s + v, 0) / (da.length || 1);
    const mb = db.reduce((s, v) => s + v, 0) / (db.length || 1);
    da.forEach((v, n) => {
      ab += (v - ma) * (db[n]! - mb);
      aa += (v - ma) ** 2;
      bb += (db[n]! - mb) ** 2;
    });
  }
  return aa > 0 && bb > 0 ? ab / Math.sqrt(aa * bb) : 0;
}

/**
 * Correlation of the gradients outside a rectangle of the 16x16 grid ([row, column, height, width], as partial.ts
 * gives the edited one) between a query's luminance and the whole stored thumbnail: the check that the parts a
 * local redraw did not touch really are the work's, and not, say, another figure on a similar gradient backdrop.
 */
export function scoreOutside(queryLuma: Float32Array, stored: Uint8Array, rect: readonly [number, number, number, number]): number {
  const n = COMPARE_SIDE;
  const s = sampleFrame(stored, WHOLE_FRAME);
  const [r0, c0, h, w] = rect;
  const out = (y: number, x: number) => y < r0 || y >= r0 + h || x < c0 || x >= c0 + w;
  const a: number[] = [];
  const b: number[] = [];
  const dir: number[] = [];
  for (let y = 0; y < n; y++) {
    for (let x = 0; x < n; x++) {
      if (!out(y, x)) continue;
      if (x + 1 < n && out(y, x + 1)) {
        a.push(queryLuma[y * n + x + 1]! - queryLuma[y * n + x]!);
        b.push(s[y * n + x + 1]! - s[y * n + x]!);
        dir.push(0);
      }
      if (y + 1 < n && out(y + 1, x)) {
        a.push(queryLuma[(y + 1) * n + x]! - queryLuma[y * n + x]!);
        b.push(s[(y + 1) * n + x]! - s[y * n + x]!);
        dir.push(1);
      }
    }
  }
  for (const d of [0, 1]) {
    for (const v of [a, b]) {
      let m = 0;
      let k = 0;
      v.forEach((x, i) => dir[i] === d && ((m += x), k++));
      if (k) v.forEach((x, i) => dir[i] === d && (v[i] = x - m / k));
    }
  }
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < a.length; i++) {
    ab += a[i]! * b[i]!;
    aa += a[i]! ** 2;
    bb += b[i]! ** 2;
  }
  return aa > 0 && bb > 0 ? ab / Math.sqrt(aa * bb) : 0;
}
