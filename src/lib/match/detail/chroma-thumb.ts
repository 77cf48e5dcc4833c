/**
 * A coarse colour descriptor next to the luminance thumbnail (luma-thumb.ts): the mean chroma (BT.601 Cb and Cr) of
 * each cell of an 8x8 grid over the 256x256 reduced copy (composited on white), 128 bytes, stored per work and
 * computed per query. The luminance comparison cannot see a saturation or hue change; this grid can (hints/
 * chroma-compare.ts). Cells this large average JPEG's chroma subsampling and noise away. Pure.
 */
import { bytesOf, roundNonNegative, type RgbaPixels } from '../hash/pixels.js';

export const CHROMA_SIDE = 8;
/** Bytes of a chroma grid: Cb then Cr per cell, each offset by 128. */
export const CHROMA_BYTES = CHROMA_SIDE * CHROMA_SIDE * 2;

/** The 8x8 Cb/Cr grid of an image (the reduced copy: opaque, so alpha is ignored), as bytes. */
export function chromaThumb(px: RgbaPixels): Uint8Array {
  const n = CHROMA_SIDE;
  const sum = new Float64Array(n * n * 2);
  const count = new Float64Array(n * n);
  const { width: w, height: h } = px;
  const data = bytesOf(px.data);
  // Each column's cell worked out once, not per pixel; sums in the same order as pixel by pixel.
  const cellOfX = new Int32Array(w);
  for (let x = 0; x < w; x++) cellOfX[x] = Math.min(n - 1, Math.floor((x * n) / w));
  // Widths the grid divides evenly: a cell's pixels in a row are consecutive, summed in locals in the same order.
  const run = w % n === 0 ? w / n : 0;
  for (let y = 0; y < h; y++) {
    const row = Math.min(n - 1, Math.floor((y * n) / h)) * n;
    let o = y * w * 4;
    if (run) {
      for (let cell = row; cell < row + n; cell++) {
        let cb = sum[2 * cell]!;
        let cr = sum[2 * cell + 1]!;
        for (let k = 0; k < run; k++, o += 4) {
          const r = data[o]!;
          const g = data[o + 1]!;
          const b = data[o + 2]!;
          cb = cb - 0.168736 * r - 0.331264 * g + 0.5 * b;
          cr = cr + 0.5 * r - 0.418688 * g - 0.081312 * b;
        }
        sum[2 * cell] = cb;
        sum[2 * cell + 1] = cr;
        count[cell] = count[cell]! + run;
      }
      continue;
    }
    for (let x = 0; x < w; x++, o += 4) {
      const cell = row + cellOfX[x]!;
      const r = data[o]!;
      const g = data[o + 1]!;
      const b = data[o + 2]!;
      sum[2 * cell] = sum[2 * cell]! - 0.168736 * r - 0.331264 * g + 0.5 * b;
      sum[2 * cell + 1] = sum[2 * cell + 1]! + 0.5 * r - 0.418688 * g - 0.081312 * b;
      count[cell] = count[cell]! + 1;
    }
  }
  const out = new Uint8Array(sum.length);
  for (let i = 0; i < sum.length; i++) out[i] = Math.max(0, Math.min(255, roundNonNegative(128 + sum[i]! / Math.max(1, count[i >> 1]!))));
  return out;
}

/** A stored chroma grid's bytes back to signed Cb/Cr pairs, or null when malformed. */
export function chromaOf(bytes: Uint8Array | null | undefined): Int16Array | null {
  if (!bytes || bytes.length !== CHROMA_BYTES) return null;
  return Int16Array.from(bytes, (v) => v - 128);
}
