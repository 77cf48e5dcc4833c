/**
 * The work's side of the detail bound (detail-bound.ts): its values at the screen's cells (detail-screen.ts), sampled
 * as a framing or a rotated framing places them, in slot order, as far as the growing prefix of A needs them. Pure
 * but for its scratch: one screen at a time.
 */
import type { Flip } from '../hash/flip.js';
import { COMPARE_SIDE as N, DETAIL_SIDE as M, type Frame, frameGridOf, wholeHeightCols, wholeWidthRows } from './luma-thumb.js';

/** The screen's cells by slot (detail-screen.ts Screen). */
type Screen = { readonly cellY: Int32Array; readonly cellX: Int32Array };

/**
 * A framing's samples, by a compare cell's row (source row times M, step down, weight) and column: its bilinear source. A
 * framing of the whole width (`kind` 1) samples the thumbnail's rows interpolated once at the whole frame's columns
 * (`ROWS`: by cell row, its two rows' offsets there, and by cell column, the column), one of the whole height
 * (`kind` 2) its columns interpolated at the whole frame's rows (`COLS`: by cell row, the row's offset there): one
 * interpolation a cell instead of three, for 40 of the 49 framings.
 */
export function sourceOf(frame: Frame, flip?: Flip) {
  const h = flip === 'h' || flip === 'hv';
  const v = flip === 'v' || flip === 'hv';
  const kind = frame[0] === 0 && frame[2] === 1 ? 1 : frame[1] === 0 && frame[3] === 1 ? 2 : 0;
  const src = {
    kind, ry0: new Int32Array(N), rdy: new Int32Array(N), rwy: new Float64Array(N), cx0: new Int32Array(N), cdx: new Int32Array(N), cwx: new Float64Array(N),
    rr0: new Int32Array(N), rr1: new Int32Array(N), cc: new Int32Array(N), jj: new Int32Array(N),
  };
  // Where luma-thumb.ts samples the frame (its grid's two source rows, times M, and columns a cell, and weights).
  const { rows, ty, cols, tx } = frameGridOf(frame);
  for (let c = 0; c < N; c++) {
    // A mirrored framing writes sample (j, i) to cell (n-1-j, n-1-i): the cell's sample is the mirrored one.
    const j = v ? N - 1 - c : c;
    const i = h ? N - 1 - c : c;
    src.ry0[c] = rows[2 * j]!;
    src.rdy[c] = rows[2 * j + 1]! - rows[2 * j]!;
    src.rwy[c] = ty[j]!;
    src.cx0[c] = cols[2 * i]!;
    src.cdx[c] = cols[2 * i + 1]! - cols[2 * i]!;
    src.cwx[c] = tx[i]!;
    src.rr0[c] = (rows[2 * j]! / M) * N;
    src.rr1[c] = (rows[2 * j + 1]! / M) * N;
    src.cc[c] = i;
    src.jj[c] = j * M;
  }
  return src;
}

export type Source = ReturnType<typeof sourceOf>;

/** The thumbnail's rows and columns interpolated (luma-thumb.ts wholeWidthRows, wholeHeightCols), for `linesOf`. */
const ROWS = new Float64Array(M * N);
const COLS = new Float64Array(N * M);
let linesThumb: Uint8Array | null = null;
let rowsReady = false;
let colsReady = false;

/** Makes ROWS or COLS (`kind` 1 or 2) the thumbnail's, once per thumbnail screened. */
function linesOf(thumb: Uint8Array, kind: number): void {
  if (thumb !== linesThumb) {
    linesThumb = thumb;
    rowsReady = colsReady = false;
  }
  if (kind === 1 && !rowsReady) {
    wholeWidthRows(thumb, ROWS);
    rowsReady = true;
  } else if (kind === 2 && !colsReady) {
    wholeHeightCols(thumb, COLS);
    colsReady = true;
  }
}

/** The work's values at the screen's cells, by slot, sampled as the pairs need them. */
export const values = new Float64Array(N * N);
let sampled = 0;

export function samplePlain(s: Screen, src: Source, thumb: Uint8Array, upTo: number): void {
  const { kind, ry0, rdy, rwy, cx0, cdx, cwx, rr0, rr1, cc, jj } = src;
  if (kind === 1) {
    for (let k = sampled; k < upTo; k++) {
      const y = s.cellY[k]!;
      const c = cc[s.cellX[k]!]!;
      const w = rwy[y]!;
      values[k] = ROWS[rr0[y]! + c]! * (1 - w) + ROWS[rr1[y]! + c]! * w;
    }
  } else if (kind === 2) {
    for (let k = sampled; k < upTo; k++) {
      const x = s.cellX[k]!;
      const a = jj[s.cellY[k]!]! + cx0[x]!;
      const u = cwx[x]!;
      values[k] = COLS[a]! * (1 - u) + COLS[a + cdx[x]!]! * u;
    }
  } else {
    samplePlainBilinear(s, thumb, upTo, ry0, rdy, rwy, cx0, cdx, cwx);
  }
  sampled = upTo;
}

function samplePlainBilinear(s: Screen, thumb: Uint8Array, upTo: number, ry0: Int32Array, rdy: Int32Array, rwy: Float64Array, cx0: Int32Array, cdx: Int32Array, cwx: Float64Array): void {
  for (let k = sampled; k < upTo; k++) {
    const y = s.cellY[k]!;
    const x = s.cellX[k]!;
    const a = ry0[y]! + cx0[x]!;
    const b = a + rdy[y]!;
    const dx = cdx[x]!;
    const u = cwx[x]!;
    const w = rwy[y]!;
    values[k] = (thumb[a]! * (1 - u) + thumb[a + dx]! * u) * (1 - w) + (thumb[b]! * (1 - u) + thumb[b + dx]! * u) * w;
  }
}

/** Where a rotated framing samples each cell (rotate/detail-rotate.ts RotatedGrid): its source offset (-1 outside) and weights. */
type RotatedCells = { readonly at: ArrayLike<number>; readonly wx: ArrayLike<number>; readonly wy: ArrayLike<number> };

export function sampleRotated(s: Screen, g: RotatedCells, src: Float32Array, upTo: number): void {
  for (let k = sampled; k < upTo; k++) {
    const cell = s.cellY[k]! * N + s.cellX[k]!;
    const a = g.at[cell]!;
    if (a < 0) continue; // its pairs are not compared
    const u = g.wx[cell]!;
    const w = g.wy[cell]!;
    values[k] = (src[a]! * (1 - u) + src[a + 1]! * u) * (1 - w) + (src[a + M]! * (1 - u) + src[a + M + 1]! * u) * w;
  }
  sampled = upTo;
}

/** Starts sampling a screen: a plain framing's (`src`) of `thumb`, or (`src` null) a rotated framing's. */
export function startSamples(thumb: Uint8Array, src: Source | null): void {
  sampled = 0;
  if (src) linesOf(thumb, src.kind);
}
