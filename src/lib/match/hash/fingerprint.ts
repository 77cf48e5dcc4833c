/**
 * The fingerprinting core: RGBA pixels in, a 256-bit blockhash (16x16 grid) out. Pure: runs in Node, in the
 * service worker and in Firefox's background page.
 *
 * Every image is reduced to HASH_INPUT_SIDE x HASH_INPUT_SIDE before hashing. blockhash's blocks are fractions of
 * the image (1/16 of each side), so squashing to a square changes nothing about which pixels fall in which block,
 * and 256 divides evenly by 16, so blockhash takes its exact integer path. Hashing 256x256 pixels costs about
 * 0.5 ms; full-resolution bmvbhash on 1920x1080 about 40 ms. docs/benchmarks.md gives the measured drift.
 *
 * Transparency: blockhash counts a fully transparent pixel as white. We composite onto white before reducing,
 * which gives exactly that for alpha 0 and a smooth blend for partial alpha (the browser path does the same by
 * drawing onto a white canvas), so a reduced copy never mixes "transparent black" into its neighbours.
 */
import { bmvbhash } from 'blockhash-core';
import { blockhashEven } from './blockhash-even.js';
import { bytesOf, roundNonNegative, type Rect, type RgbaPixels } from './pixels.js';

export type { Rect, RgbaPixels } from './pixels.js';

export const GRID = 16;
export const HASH_INPUT_SIDE = 256;

/** blockhash of pixels as given (no reduction). Exposed for measuring drift and for the naive baseline. */
export function blockhashExact(px: RgbaPixels): string {
  if (px.width < GRID || px.height < GRID) throw new Error(`image too small to fingerprint: ${px.width}x${px.height}`);
  if (px.data.length !== px.width * px.height * 4) throw new Error('pixel buffer size does not match width x height x 4');
  if (px.width % GRID === 0 && px.height % GRID === 0) return blockhashEven(px.width, px.height, bytesOf(px.data));
  return bmvbhash({ width: px.width, height: px.height, data: px.data }, GRID);
}

/** Composite onto white and area-average (box filter) to side x side. Returns the input if it is already that size and opaque. */
export function reduceForHash(px: RgbaPixels, side = HASH_INPUT_SIDE): RgbaPixels {
  if (px.width === side && px.height === side && isOpaque(bytesOf(px.data))) return px;
  return reduceRegion(px, { x: 0, y: 0, width: px.width, height: px.height }, side);
}

/**
 * Composite the part of the image inside `rect` onto white and area-average it to side x side, without copying the
 * crop first: crop variants of a work and the trimmed query are cut this way, with the same filter as the whole.
 * `into`: where to write the pixels (side x side x 4 bytes, every one written), for a reduction dropped right after
 * use (scratchReduction).
 */
export function reduceRegion(px: RgbaPixels, rect: Rect, side = HASH_INPUT_SIDE, into?: Uint8ClampedArray): RgbaPixels {
  const { width: w, height: h } = px;
  const data = bytesOf(px.data);
  const xs = cellSpans(w, side, rect.x, rect.width);
  const ys = cellSpans(h, side, rect.y, rect.height);
  const y0 = Math.max(0, Math.floor(rect.y));
  const y1 = Math.min(h, Math.ceil(rect.y + rect.height));
  // Pass 1: each source row to `side` columns of white-composited RGB. The typed arrays are held in locals so the
  // inner loops read no object fields; an opaque pixel skips the compositing, which would multiply by 1 and add 0.
  const rows = scratchRows((y1 - y0) * side * 3);
  const xFirst = xs.first, xCount = xs.count, xWeight = xs.weight, xStride = xs.stride;
  for (let y = y0; y < y1; y++) {
    const rowStart = y * w;
    let j = (y - y0) * side * 3;
    for (let o = 0; o < side; o++, j += 3) {
      const first = rowStart + xFirst[o]!;
      const n = xCount[o]!;
      const wo = o * xStride;
      // Upscaling (the trimmed and boxed queries) gives cells of one or two pixels: when opaque, the same sums
      // unrolled (a sum from 0 starts with 0 + a product >= +0, which is that product).
      const i0 = first * 4;
      if (n === 2 && data[i0 + 3] === 255 && data[i0 + 7] === 255) {
        const w0 = xWeight[wo]!, w1 = xWeight[wo + 1]!;
        rows[j] = data[i0]! * w0 + data[i0 + 4]! * w1;
        rows[j + 1] = data[i0 + 1]! * w0 + data[i0 + 5]! * w1;
        rows[j + 2] = data[i0 + 2]! * w0 + data[i0 + 6]! * w1;
        continue;
      }
      if (n === 1 && data[i0 + 3] === 255) {
        const w0 = xWeight[wo]!;
        rows[j] = data[i0]! * w0;
        rows[j + 1] = data[i0 + 1]! * w0;
        rows[j + 2] = data[i0 + 2]! * w0;
        continue;
      }
      let r = 0, g = 0, b = 0;
      for (let k = 0; k < n; k++) {
        const wt = xWeight[wo + k]!;
        const i = (first + k) * 4;
        const alpha = data[i + 3]!;
        if (alpha === 255) {
          r += data[i]! * wt;
          g += data[i + 1]! * wt;
          b += data[i + 2]! * wt;
        } else {
          const a = alpha / 255;
          const white = 255 * (1 - a);
          r += (data[i]! * a + white) * wt;
          g += (data[i + 1]! * a + white) * wt;
          b += (data[i + 2]! * a + white) * wt;
        }
      }
      rows[j] = r;
      rows[j + 1] = g;
      rows[j + 2] = b;
    }
  }
  // Pass 2: columns. Each output sums its 1-2 source rows (upscaling) or more (downscaling) in row order, as an
  // accumulator row from 0 would, written straight out: no accumulator to clear, add to and read back.
  const out = into?.length === side * side * 4 && into.buffer !== data.buffer ? into : new Uint8ClampedArray(side * side * 4);
  const yFirst = ys.first, yCount = ys.count, yWeight = ys.weight, yStride = ys.stride;
  const rowLen = side * 3;
  for (let oy = 0; oy < side; oy++) {
    const n = yCount[oy]!;
    const b0 = (yFirst[oy]! - y0) * rowLen;
    const w0 = yWeight[oy * yStride]!;
    let k = oy * side * 4;
    if (n === 1) {
      for (let c = b0; c < b0 + rowLen; c += 3, k += 4) {
        out[k] = roundNonNegative(rows[c]! * w0);
        out[k + 1] = roundNonNegative(rows[c + 1]! * w0);
        out[k + 2] = roundNonNegative(rows[c + 2]! * w0);
        out[k + 3] = 255;
      }
    } else if (n === 2) {
      const w1 = yWeight[oy * yStride + 1]!;
      for (let c = b0, d = b0 + rowLen; c < b0 + rowLen; c += 3, d += 3, k += 4) {
        out[k] = roundNonNegative(rows[c]! * w0 + rows[d]! * w1);
        out[k + 1] = roundNonNegative(rows[c + 1]! * w0 + rows[d + 1]! * w1);
        out[k + 2] = roundNonNegative(rows[c + 2]! * w0 + rows[d + 2]! * w1);
        out[k + 3] = 255;
      }
    } else {
      for (let c = 0; c < rowLen; c += 3, k += 4) {
        let r = 0, g = 0, b = 0;
        for (let j = 0, at = b0 + c; j < n; j++, at += rowLen) {
          const wt = yWeight[oy * yStride + j]!;
          r += rows[at]! * wt;
          g += rows[at + 1]! * wt;
          b += rows[at + 2]! * wt;
        }
        out[k] = roundNonNegative(r);
        out[k + 1] = roundNonNegative(g);
        out[k + 2] = roundNonNegative(b);
        out[k + 3] = 255;
      }
    }
  }
  return { width: side, height: side, data: out };
}

/**
 * Reused working rows: a fresh one per call was most of the memory a scanned image churned through, and the
 * garbage collector's threads then took a second core. Buffers larger than a 256-row reduction are not kept.
 */
let rowsScratch = new Float32Array(0);
const KEEP_ROWS = HASH_INPUT_SIDE * HASH_INPUT_SIDE * 3 * 2;
function scratchRows(n: number): Float32Array {
  if (rowsScratch.length >= n) return rowsScratch;
  const a = new Float32Array(n);
  if (n <= KEEP_ROWS) rowsScratch = a;
  return a;
}

/**
 * One 256x256 pixel buffer for reductions used and dropped before the next (the trimmed and boxed query, a work's
 * crops): two fresh ones per scanned image were half the memory it churned through.
 */
let reductionScratch: Uint8ClampedArray | undefined;
export function scratchReduction(): Uint8ClampedArray {
  return (reductionScratch ??= new Uint8ClampedArray(HASH_INPUT_SIDE * HASH_INPUT_SIDE * 4));
}

/** The fingerprint License Lens stores and matches: blockhash of the reduced, white-composited copy. */
export function fingerprint(px: RgbaPixels): string {
  return blockhashExact(reduceForHash(px));
}

function isOpaque(data: Uint8Array): boolean {
  for (let i = 3; i < data.length; i += 4) if (data[i] !== 255) return false;
  return true;
}

interface Spans {
  /** First source pixel of each output cell, how many it covers, and their weights (summing to 1) at o * stride. */
  first: Int32Array;
  count: Int32Array;
  weight: Float64Array;
  stride: number;
}

/** For each output cell, the source pixels it covers and their weights: a box filter, like bmvbhash's blocks. */
function cellSpans(n: number, side: number, from = 0, length = n): Spans {
  const step = length / side;
  const stride = Math.ceil(step) + 2;
  const spans: Spans = { first: new Int32Array(side), count: new Int32Array(side), weight: new Float64Array(side * stride), stride };
  for (let o = 0; o < side; o++) {
    const start = from + o * step;
    const end = from + (o + 1) * step;
    let c = 0;
    for (let s = Math.max(0, Math.floor(start)); s < end && s < n; s++) {
      const cover = Math.min(end, s + 1) - Math.max(start, s);
      if (cover > 1e-9) {
        if (c === 0) spans.first[o] = s;
        spans.weight[o * stride + c++] = cover / step;
      } else if (c === 0) spans.first[o] = s + 1;
    }
    spans.count[o] = c;
  }
  return spans;
}
