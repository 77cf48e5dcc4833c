/**
 * The detail comparison for a copy with one part redrawn (inpainting, a pasted patch): the gradient correlation of
 * detail.ts over the whole 16x16 grid except the one rectangle whose exclusion helps most. The hash-based partial
 * comparison (partial.ts) loses most 25% redraws, because blockhash thresholds each band of 4 rows against its own
 * median and a large patch moves the medians of every band it crosses; gradients have no median, so the cells
 * outside the patch keep their correlation.
 *
 * The tallest rectangle of each width (at most REDRAW_MAX_CELLS cells, both sides at least 3) at every position is
 * tried: summed-area tables over the neighbour-difference pairs make each one O(1). A pair is left out when either of its cells is inside the
 * rectangle. The rest must keep REDRAW_MIN_KEPT of the work's gradient energy, so that leaving out the one detailed
 * part of an image (a figure on a plain backdrop) cannot make two plain backdrops agree. Pure.
 */
import { COMPARE_SIDE, sampleFrame } from './detail.js';

/** Largest rectangle left out, in cells of the 16x16 grid: a quarter of the image never aligns with the grid (9x9). */
export const REDRAW_MAX_CELLS = 81;
/** Share of the work's gradient energy (sum of squared mean-removed differences) that must lie outside the rectangle. */
export const REDRAW_MIN_KEPT = 0.5;

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
      const v = [1, da, db, da * db, da * da, db * db];
      for (let k = 0; k < K; k++) {
        t[((y + 1) * P + x + 1) * K + k] = v[k]! + t[(y * P + x + 1) * K + k]! + t[((y + 1) * P + x) * K + k]! - t[(y * P + x) * K + k]!;
      }
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
 * Best correlation of a query's 16x16 luminance with a work's 32x32 thumbnail (whole frame) outside one rectangle
 * of at most REDRAW_MAX_CELLS cells that keeps REDRAW_MIN_KEPT of the work's gradient energy.
 */
export function redrawScore(queryLuma: Float32Array, thumb: Uint8Array): RedrawScore {
  const b = sampleFrame(thumb, [0, 0, 1, 1]);
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
  const best: RedrawScore = { score: 0, rect: [0, 0, 0, 0], kept: 0 };
  if (energy <= 0) return best;
  const cutH = new Float64Array(K);
  const cutV = new Float64Array(K);
  // Only the tallest rectangle of each width (as partial.ts): leaving out a little more of the untouched part
  // costs little, and this keeps the search to about 700 rectangles.
  for (let w = MIN_SIDE; w <= N; w++) {
    const h = Math.min(N, Math.floor(REDRAW_MAX_CELLS / w));
    if (h < MIN_SIDE) break;
    for (let r0 = 0; r0 + h <= N; r0++) {
      for (let c0 = 0; c0 + w <= N; c0++) {
        // A pair is out when either cell is inside: horizontal pairs from one column left of the rectangle, vertical from one row above.
        rectSums(th, N - 1, r0, r0 + h, Math.max(0, c0 - 1), Math.min(N - 1, c0 + w), cutH);
        rectSums(tv, N, Math.max(0, r0 - 1), Math.min(N - 1, r0 + h), c0, c0 + w, cutV);
        moments(allH, cutH, m, 0);
        moments(allV, cutV, m, 3);
        const aa = m[1]! + m[4]!;
        const bb = m[2]! + m[5]!;
        if (bb < REDRAW_MIN_KEPT * energy || aa <= 0) continue;
        const s = (m[0]! + m[3]!) / Math.sqrt(aa * bb);
        if (s > best.score) {
          best.score = s;
          best.rect = [r0, c0, h, w];
          best.kept = bb / energy;
        }
      }
    }
  }
  return best;
}
