/**
 * Box-averaged luminance grids of an opaque image (the 256x256 reduced copy): the quality measure's 64x64
 * (quality.ts), the detail thumbnails' 16x16 and 32x32 (detail/luma-thumb.ts), the detail box's 128x128
 * (detail-box.ts). A query needs three of them from the same image: boxLuminances weighs each pixel once
 * (0.299 r + 0.587 g + 0.114 b) and sums that plane into every grid, each cell in the same order as one grid at a time,
 * so the values are the same to the last bit.
 */
import { bytesOf, roundNonNegative, type RgbaPixels } from './pixels.js';

/** Luminance (0-255) of an opaque image box-averaged to side x side, row-major. */
export function boxLuminance(px: RgbaPixels, side: number): Float64Array {
  return boxLuminances(px, [side])[0]!;
}

/**
 * The same for several sides, from one luminance plane. `into`: grids to write them to (side x side each, for grids
 * dropped right after use: fresh ones were most of a query's remaining garbage).
 */
export function boxLuminances(px: RgbaPixels, sides: readonly number[], into?: readonly Float64Array[]): Float64Array[] {
  const { width, height } = px;
  const data = bytesOf(px.data);
  const lum = scratchPlane(width * height);
  for (let p = 0, i = 0; p < width * height; p++, i += 4) lum[p] = 0.299 * data[i]! + 0.587 * data[i + 1]! + 0.114 * data[i + 2]!;
  return sides.map((side, i) => boxSum(lum, width, height, side, into?.[i]));
}

/** A luminance grid rounded to bytes (what the detail thumbnails store). */
export function lumaBytes(lum: Float64Array): Uint8Array {
  const out = new Uint8Array(lum.length);
  for (let k = 0; k < lum.length; k++) out[k] = roundNonNegative(lum[k]!);
  return out;
}

/** Each pixel added to its cell in row-major order, then each cell divided by its pixel count. */
function boxSum(lum: Float64Array, width: number, height: number, side: number, into?: Float64Array): Float64Array {
  const out = into?.length === side * side ? into.fill(0) : new Float64Array(side * side);
  const cellOfX = new Int32Array(width);
  const perX = new Float64Array(side);
  const perY = new Float64Array(side);
  for (let x = 0; x < width; x++) perX[(cellOfX[x] = Math.min(side - 1, Math.floor((x * side) / width)))]! += 1;
  // Sides that divide the width evenly: a cell's pixels in a row are consecutive, summed in a local in the same order.
  const run = width % side === 0 ? width / side : 0;
  for (let y = 0; y < height; y++) {
    const oy = Math.min(side - 1, Math.floor((y * side) / height));
    perY[oy]! += 1;
    const row = oy * side;
    let p = y * width;
    if (run) {
      for (let c = row; c < row + side; c++) {
        let s = out[c]!;
        for (let k = 0; k < run; k++) s += lum[p++]!;
        out[c] = s;
      }
    } else {
      for (let x = 0; x < width; x++, p++) out[row + cellOfX[x]!]! += lum[p]!;
    }
  }
  for (let k = 0; k < out.length; k++) {
    const count = perY[Math.floor(k / side)]! * perX[k % side]!;
    out[k] = count ? out[k]! / count : 0;
  }
  return out;
}

/** The reused plane: one per call was 512 KB of garbage per grid. Planes larger than the 256x256 copy's are not kept. */
let plane = new Float64Array(0);
const KEEP = 256 * 256;
function scratchPlane(n: number): Float64Array {
  if (plane.length >= n) return plane;
  const a = new Float64Array(n);
  if (n <= KEEP) plane = a;
  return a;
}
