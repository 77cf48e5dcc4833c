/**
 * The placement search's arithmetic (extend-search.ts): the page image's 32x32 luminance (Query.wide) as summed-area
 * tables, any box of it area-averaged to an n x n grid, and the correlation of normalised gradients (the measure of
 * luma-thumb.ts `gradients`) between a work's thumbnail and such a grid, or the work drawn into the page's grid
 * (`renderedScore`). Pure; the grid's side comes from the arrays it is given.
 */
import { maskedCorrelation } from '../masked-score.js';

/** [x, y, width, height] as shares of the page image. */
export type Placement = readonly [number, number, number, number];

/** The side of a square grid of `length` cells. */
const sideOf = (length: number) => Math.round(Math.sqrt(length));

/** The summed-area table of the square grid `wide`, (side + 1)^2: any rectangle's sum in four reads. */
export function summedArea(wide: Uint8Array): Float64Array {
  const n = sideOf(wide.length);
  const table = new Float64Array((n + 1) * (n + 1));
  for (let y = 0; y < n; y++) {
    let row = 0;
    for (let x = 0; x < n; x++) {
      row += wide[y * n + x]!;
      table[(y + 1) * (n + 1) + x + 1] = table[y * (n + 1) + x + 1]! + row;
    }
  }
  return table;
}

/**
 * The summed-area table of the grid split into quarter cells, each a sixteenth of its cell: every coarse placement's
 * cell edges fall on quarters of the grid's cells (extend-search.ts: COARSE_STEP * WIDE_SIDE / COARSE_SIDE = 1/4).
 */
export function quarterTable(wide: Uint8Array): Float64Array {
  const side = sideOf(wide.length);
  const q = 4 * side + 1;
  const quarter = new Float64Array(q * q);
  for (let v = 1; v < q; v++) {
    let row = 0;
    const src = ((v - 1) >> 2) * side;
    for (let u = 1; u < q; u++) {
      row += wide[src + ((u - 1) >> 2)]!;
      quarter[v * q + u] = quarter[(v - 1) * q + u]! + row;
    }
  }
  return quarter;
}

/** luma-thumb.ts `gradients` into `g`, from a Float64Array. */
export function normalisedGradients(img: Float64Array, n: number, g: Float64Array): void {
  const half = n * (n - 1);
  let k = 0;
  let mx = 0;
  let my = 0;
  for (let y = 0; y < n; y++) for (let x = 0; x + 1 < n; x++) mx += g[k++] = img[y * n + x + 1]! - img[y * n + x]!;
  for (let y = 0; y + 1 < n; y++) for (let x = 0; x < n; x++) my += g[k++] = img[(y + 1) * n + x]! - img[y * n + x]!;
  mx /= half;
  my /= half;
  let e = 0;
  for (let i = 0; i < 2 * half; i++) {
    const v = g[i]! - (i < half ? mx : my);
    g[i] = v;
    e += v * v;
  }
  const s = e > 0 ? 1 / Math.sqrt(e) : 0;
  for (let i = 0; i < 2 * half; i++) g[i] = g[i]! * s;
}

// Scratch for sampleAt, grown to the largest grid asked for.
let col0 = new Int32Array(0);
let colT = new Float64Array(0);
let row0 = new Int32Array(0);
let rowT = new Float64Array(0);
let corner = new Float64Array(0);
let cells = new Float32Array(0);

function scratchFor(n: number): void {
  if (col0.length >= n + 1) return;
  [col0, colT, row0, rowT] = [new Int32Array(n + 1), new Float64Array(n + 1), new Int32Array(n + 1), new Float64Array(n + 1)];
  [corner, cells] = [new Float64Array((n + 1) ** 2), new Float32Array(n * n)];
}

/** Where a cell edge at `u` (cells of the grid) falls: the table entry before it and the share past it. */
function edgeAt(u: number, k: number, at: Int32Array, t: Float64Array, m: number): void {
  const i = Math.min(m - 1, Math.max(0, Math.floor(u)));
  at[k] = i;
  t[k] = Math.min(1, Math.max(0, u - i));
}

/**
 * The grid over `p`, area-averaged to n x n (`m` rows when given): each cell's sum (the same scale for all, which no
 * correlation sees), from the summed-area table read bilinearly between entries (exact for a grid of constant cells).
 */
export function sampleAt(table: Float64Array, p: Placement, n: number, m = n): Float32Array {
  const side = sideOf(table.length) - 1;
  const w = side + 1;
  scratchFor(Math.max(n, m));
  for (let k = 0; k <= n; k++) edgeAt((p[0] + (p[2] * k) / n) * side, k, col0, colT, side);
  for (let k = 0; k <= m; k++) edgeAt((p[1] + (p[3] * k) / m) * side, k, row0, rowT, side);
  for (let j = 0; j <= m; j++) {
    const r0 = row0[j]! * w;
    const b = rowT[j]!;
    for (let i = 0; i <= n; i++) {
      const a = colT[i]!;
      const e = r0 + col0[i]!;
      corner[j * (n + 1) + i] = (table[e]! * (1 - a) + table[e + 1]! * a) * (1 - b) + (table[e + w]! * (1 - a) + table[e + w + 1]! * a) * b;
    }
  }
  for (let j = 0; j < m; j++) {
    for (let i = 0; i < n; i++) {
      const c = j * (n + 1) + i;
      cells[j * n + i] = corner[c + n + 2]! - corner[c + 1]! - corner[c + n + 1]! + corner[c]!;
    }
  }
  return cells.length === n * m ? cells : cells.subarray(0, n * m);
}

/** Correlation of normalised gradients `g` (`gradients`) with an n x n image's, in one pass. */
export function gradScore(g: Float32Array, img: Float32Array, n: number): number {
  const half = n * (n - 1);
  let dot = 0;
  let k = 0;
  let e = 0;
  for (let dir = 0; dir < 2; dir++) {
    const step = dir ? n : 1;
    let sum = 0;
    let sq = 0;
    for (let y = 0; y < n - dir; y++) {
      for (let x = 0; x < n - 1 + dir; x++) {
        const c = y * n + x;
        const d = img[c + step]! - img[c]!;
        dot += d * g[k++]!;
        sum += d;
        sq += d * d;
      }
    }
    e += sq - (sum * sum) / half;
  }
  return e > 1e-9 ? dot / Math.sqrt(e) : 0;
}

/** Share of a page cell a placement may cut off for the cell to count as inside it (renderedScore). */
const CELL_SLACK = 0.1;

/**
 * Gradient correlation of the page grid `wide` with the work (`thumbTable`: its thumbnail's summedArea) drawn into
 * that grid at `p`: the work area-averaged over each page cell inside the placement, so both sides are blurred alike
 * whatever the placement's sub-cell offset (the 16x16 resampling of both blurred a fine-grained work unlike its copy).
 * Only differences between two such cells count; -1 when fewer than 2 x 2 cells are inside.
 */
export function renderedScore(wide: Uint8Array, thumbTable: Float64Array, p: Placement): number {
  const n = sideOf(wide.length);
  const lo = (v: number) => Math.max(0, Math.ceil(v * n - CELL_SLACK));
  const hi = (v: number) => Math.min(n, Math.floor(v * n + CELL_SLACK));
  const [i0, i1, j0, j1] = [lo(p[0]), hi(p[0] + p[2]), lo(p[1]), hi(p[1] + p[3])];
  const [nx, ny] = [i1 - i0, j1 - j0];
  if (nx < 2 || ny < 2) return -1;
  const work = sampleAt(thumbTable, [(i0 / n - p[0]) / p[2], (j0 / n - p[1]) / p[3], nx / n / p[2], ny / n / p[3]], nx, ny);
  const page = new Float32Array(n * n);
  const drawn = new Float32Array(n * n);
  const mask = new Uint8Array(n * n);
  for (let y = 0; y < ny; y++) {
    for (let x = 0; x < nx; x++) {
      const c = (j0 + y) * n + i0 + x;
      [page[c], drawn[c], mask[c]] = [wide[c]!, work[y * nx + x]!, 1];
    }
  }
  return maskedCorrelation(page, drawn, mask, n);
}
