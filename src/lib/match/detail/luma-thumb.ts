/**
 * A work's second descriptor, for verifying candidates the 256-bit hash finds only at a looser radius: a 32x32
 * luminance thumbnail ("detail"), stored per work (1,024 bytes, base64 in lists). A page image is compared at
 * 16x16 against any rectangle of it (a crop), mirrored or not, by the normalised correlation of the two images'
 * luminance *gradients* with each direction's mean removed: invariant to brightness, contrast and (mostly)
 * saturation, indifferent to a linear gradient backdrop (its gradient is constant, so it is removed with the mean),
 * and independent of any band median, so the flat areas that make blockhash bits flip carry no weight here.
 * Sampling the 32x32 thumbnail bilinearly at the centres of a 16x16 grid over a rectangle averages 2x2 cells, so
 * over the whole image it equals a 16x16 box reduction like the query's. Pure.
 */
import type { RgbaPixels } from '../hash/fingerprint.js';
import type { Flip } from '../hash/flip.js';
import { boxLuminance, lumaBytes } from '../hash/luminance.js';

/** Side of the stored thumbnail. */
export const DETAIL_SIDE = 32;
/** Side of the grid compared. */
export const COMPARE_SIDE = 16;

/** The box-averaged luminance (hash/luminance.ts) of an opaque image (the 256x256 reduced copy), rounded to bytes. */
export function lumaThumb(px: RgbaPixels, side: number): Uint8Array {
  return lumaBytes(boxLuminance(px, side));
}

/** The stored descriptor of a work (from its 256x256 reduced copy). */
export function workDetail(reduced: RgbaPixels): Uint8Array {
  return lumaThumb(reduced, DETAIL_SIDE);
}

/** A query's descriptor: its 16x16 gradient field, ready to correlate (see `gradients`). */
export function queryDetail(reduced: RgbaPixels): Float32Array {
  return gradients(Float32Array.from(lumaThumb(reduced, COMPARE_SIDE)), COMPARE_SIDE);
}

/**
 * Horizontal then vertical neighbour differences of an n x n image, each direction with its mean removed, scaled
 * to unit length (all zero for a flat or linear-gradient image).
 */
export function gradients(img: Float32Array, n: number): Float32Array {
  const half = n * (n - 1);
  const g = new Float32Array(2 * half);
  let k = 0;
  for (let y = 0; y < n; y++) for (let x = 0; x + 1 < n; x++) g[k++] = img[y * n + x + 1]! - img[y * n + x]!;
  for (let y = 0; y + 1 < n; y++) for (let x = 0; x < n; x++) g[k++] = img[(y + 1) * n + x]! - img[y * n + x]!;
  // Plain loops: a literal of the two halves and an iterator, made per call, were most of what it allocated.
  for (let from = 0; from < 2 * half; from += half) {
    let m = 0;
    for (let i = from; i < from + half; i++) m += g[i]!;
    m /= half;
    for (let i = from; i < from + half; i++) g[i] = g[i]! - m;
  }
  let e = 0;
  for (let i = 0; i < g.length; i++) e += g[i]! * g[i]!;
  const s = e > 0 ? 1 / Math.sqrt(e) : 0;
  for (let i = 0; i < g.length; i++) g[i] = g[i]! * s;
  return g;
}

/** Gradient energy of a 16x16 luminance image before normalising: how much detail there is to compare (RMS, 0-255). */
export function detailEnergy(img: Float32Array, n = COMPARE_SIDE): number {
  let e = 0;
  let k = 0;
  for (let y = 0; y < n; y++) for (let x = 0; x + 1 < n; x++, k++) e += (img[y * n + x + 1]! - img[y * n + x]!) ** 2;
  for (let y = 0; y + 1 < n; y++) for (let x = 0; x < n; x++, k++) e += (img[(y + 1) * n + x]! - img[y * n + x]!) ** 2;
  return Math.sqrt(e / k);
}

/** A rectangle as shares [x, y, width, height] of the work's image. */
export type Frame = readonly [number, number, number, number];

/**
 * Where the compare grid's cells fall in the stored thumbnail over a frame: per row its two source rows (times
 * DETAIL_SIDE) and weight, per column its two source columns and weight.
 */
export interface FrameGrid {
  rows: Int32Array;
  ty: Float64Array;
  cols: Int32Array;
  tx: Float64Array;
}

const newGrid = (n = COMPARE_SIDE): FrameGrid => ({ rows: new Int32Array(2 * n), ty: new Float64Array(n), cols: new Int32Array(2 * n), tx: new Float64Array(n) });

function frameGrid(frame: Frame, g: FrameGrid = newGrid()): FrameGrid {
  const n = COMPARE_SIDE;
  const m = DETAIL_SIDE;
  const [fx, fy, fw, fh] = frame;
  for (let j = 0; j < n; j++) {
    const sy = Math.min(m - 1, Math.max(0, (fy + ((j + 0.5) / n) * fh) * m - 0.5));
    const y0 = Math.floor(sy);
    g.rows[2 * j] = y0 * m;
    g.rows[2 * j + 1] = Math.min(m - 1, y0 + 1) * m;
    g.ty[j] = sy - y0;
  }
  for (let i = 0; i < n; i++) {
    const sx = Math.min(m - 1, Math.max(0, (fx + ((i + 0.5) / n) * fw) * m - 0.5));
    const x0 = Math.floor(sx);
    g.cols[2 * i] = x0;
    g.cols[2 * i + 1] = Math.min(m - 1, x0 + 1);
    g.tx[i] = sx - x0;
  }
  return g;
}

/** The grids of the frames verification tries on every candidate (detail-verify.ts FRAMINGS), worked out once. */
const grids = new WeakMap<Frame, FrameGrid>();
/**
 * Any other frame (the extended framing's edge search, extend/detail-extend.ts, tries dozens of new ones per candidate)
 * is worked out into this one grid: allocating four arrays per frame cost more than the sampling itself.
 */
const scratch = newGrid();
/** The whole frame, its grid kept: sampling a new [0, 0, 1, 1] would work its grid out again on every call. */
export const WHOLE_FRAME: Frame = [0, 0, 1, 1];
grids.set(WHOLE_FRAME, frameGrid(WHOLE_FRAME));

/** A frame's grid: the kept one (keepFrameGrids), or one worked out afresh. */
export function frameGridOf(frame: Frame): FrameGrid {
  return grids.get(frame) ?? frameGrid(frame);
}

/** Frames sampled over and over (detail-verify.ts FRAMINGS): their grids are worked out once and kept. */
export function keepFrameGrids(frames: Iterable<Frame>): void {
  for (const f of frames) if (!grids.has(f)) grids.set(f, frameGrid(f));
}

/** The stored thumbnail resampled (bilinear at cell centres) to the compare grid over `frame`, mirrored by `flip`. */
export function sampleFrame(stored: Uint8Array, frame: Frame, flip?: Flip, out = new Float32Array(COMPARE_SIDE * COMPARE_SIDE)): Float32Array {
  const g = grids.get(frame) ?? frameGrid(frame, scratch);
  const n = COMPARE_SIDE;
  const h = flip === 'h' || flip === 'hv';
  const v = flip === 'v' || flip === 'hv';
  const { rows, ty, cols, tx } = g;
  for (let j = 0; j < n; j++) {
    const r0 = rows[2 * j]!;
    const r1 = rows[2 * j + 1]!;
    const wy = ty[j]!;
    const o = (v ? n - 1 - j : j) * n;
    for (let i = 0; i < n; i++) {
      const x0 = cols[2 * i]!;
      const x1 = cols[2 * i + 1]!;
      const wx = tx[i]!;
      const a = stored[r0 + x0]! * (1 - wx) + stored[r0 + x1]! * wx;
      const b = stored[r1 + x0]! * (1 - wx) + stored[r1 + x1]! * wx;
      out[o + (h ? n - 1 - i : i)] = a * (1 - wy) + b * wy;
    }
  }
  return out;
}

/** Reused by frameScore (called 49 times per verified candidate). */
const frameBuf = new Float32Array(COMPARE_SIDE * COMPARE_SIDE);

/**
 * Correlation (-1..1) of a query's gradients with the stored thumbnail's over `frame`: the same as the dot product
 * with `gradients(sampleFrame(...))`, in one pass. The query's gradients have a zero mean per direction, so the
 * frame's differences need no mean removed before the dot product, only in their norm.
 */
export function frameScore(query: Float32Array, stored: Uint8Array, frame: Frame, flip?: Flip): number {
  return sampledScore(query, sampleFrame(stored, frame, flip, frameBuf));
}

/**
 * Every row of the stored thumbnail interpolated at the compare grid's columns over the whole width: the first step
 * of sampleFrame for every frame that keeps the whole width (the whole image, its mirror images, crops from the top
 * or bottom), worked out once for all of them.
 */
export function wholeWidthRows(stored: Uint8Array, out = new Float64Array(DETAIL_SIDE * COMPARE_SIDE)): Float64Array {
  const { cols, tx } = grids.get(WHOLE_FRAME)!;
  const n = COMPARE_SIDE;
  for (let r = 0; r < DETAIL_SIDE; r++) {
    const row = r * DETAIL_SIDE;
    for (let i = 0; i < n; i++) {
      const wx = tx[i]!;
      out[r * n + i] = stored[row + cols[2 * i]!]! * (1 - wx) + stored[row + cols[2 * i + 1]!]! * wx;
    }
  }
  return out;
}

/**
 * Every column of the stored thumbnail interpolated at the compare grid's rows over the whole height (row j's at
 * j * DETAIL_SIDE): what the detail bound samples frames that keep the whole height from (detail-bound.ts).
 */
export function wholeHeightCols(stored: Uint8Array, out = new Float64Array(COMPARE_SIDE * DETAIL_SIDE)): Float64Array {
  const { rows, ty } = grids.get(WHOLE_FRAME)!;
  for (let j = 0; j < COMPARE_SIDE; j++) {
    const wy = ty[j]!;
    const r0 = rows[2 * j]!;
    const r1 = rows[2 * j + 1]!;
    for (let c = 0; c < DETAIL_SIDE; c++) out[j * DETAIL_SIDE + c] = stored[r0 + c]! * (1 - wy) + stored[r1 + c]! * wy;
  }
  return out;
}

/** frameScore for a frame of the whole width (`frame[0]` 0, `frame[2]` 1), from the thumbnail's wholeWidthRows: the same value. */
export function wholeWidthScore(query: Float32Array, rows: Float64Array, frame: Frame, flip?: Flip): number {
  const g = grids.get(frame) ?? frameGrid(frame, scratch);
  const n = COMPARE_SIDE;
  const h = flip === 'h' || flip === 'hv';
  const v = flip === 'v' || flip === 'hv';
  const out = frameBuf;
  for (let j = 0; j < n; j++) {
    // rows holds source row r at r * n: sampleFrame's row offsets are r * DETAIL_SIDE.
    const r0 = (g.rows[2 * j]! / DETAIL_SIDE) * n;
    const r1 = (g.rows[2 * j + 1]! / DETAIL_SIDE) * n;
    const wy = g.ty[j]!;
    const o = (v ? n - 1 - j : j) * n;
    for (let i = 0; i < n; i++) out[o + (h ? n - 1 - i : i)] = rows[r0 + i]! * (1 - wy) + rows[r1 + i]! * wy;
  }
  return sampledScore(query, out);
}

/** frameScore's correlation, from the frame already sampled. */
function sampledScore(query: Float32Array, img: Float32Array): number {
  const n = COMPARE_SIDE;
  // Written out per direction (a loop over the two directions cost a third of the time); same sums, same order.
  let dot = 0;
  let k = 0;
  let sum = 0;
  let sq = 0;
  for (let y = 0; y < n; y++) {
    const row = y * n;
    for (let x = 0; x + 1 < n; x++) {
      const d = img[row + x + 1]! - img[row + x]!;
      dot += d * query[k++]!;
      sum += d;
      sq += d * d;
    }
  }
  let e = sq - (sum * sum) / (n * (n - 1));
  sum = 0;
  sq = 0;
  for (let y = 0; y + 1 < n; y++) {
    const row = y * n;
    for (let x = 0; x < n; x++) {
      const d = img[row + n + x]! - img[row + x]!;
      dot += d * query[k++]!;
      sum += d;
      sq += d * d;
    }
  }
  e += sq - (sum * sum) / (n * (n - 1));
  return e > 1e-9 ? dot / Math.sqrt(e) : 0;
}
