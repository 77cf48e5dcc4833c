/**
 * Query-side and work-side trimming of uniform borders (added frames, letterboxing, padding, plain backdrops):
 * walk in from each side while a whole line of the 256x256 reduced copy stays within a small tolerance of that
 * side's edge colour. Both the registered work and the page image are trimmed the same way, so a copy with an
 * added border and the work itself meet at the same trimmed fingerprint.
 */
import { bytesOf, type Rect, type RgbaPixels } from './pixels.js';

/** Largest channel difference (of 255) that still counts as the border colour: JPEG noise stays under it. */
const TOLERANCE = 24;
/** Share of a line's pixels allowed to stray (a watermark, a speck of noise). */
const OUTLIERS = 0.02;
/** Trim at most this share of a side, and only report a trim of at least MIN_TRIM of it. */
const MAX_TRIM = 0.4;
const MIN_TRIM = 0.02;

/** The rectangle inside uniform borders, or null when there is no border worth trimming. */
export function trimRect(px: RgbaPixels): Rect | null {
  const { width: w, height: h } = px;
  const data = bytesOf(px.data);
  const at = (x: number, y: number) => (y * w + x) * 4;
  // A row d is n = w pixels from (0, d) a pixel apart; a column, n = h pixels from (d, 0) a row apart.
  const walk = (limit: number, ref: number, n: number, start: (d: number) => number, step: number): number => {
    let d = 0;
    while (d < limit && lineUniform(data, ref, n, start(d), step)) d++;
    return d;
  };
  // Each side's reference colour is the middle pixel of its outermost line.
  const top = walk(Math.floor(h * MAX_TRIM), at(w >> 1, 0), w, (d) => at(0, d), 4);
  const bottom = walk(Math.floor(h * MAX_TRIM), at(w >> 1, h - 1), w, (d) => at(0, h - 1 - d), 4);
  const left = walk(Math.floor(w * MAX_TRIM), at(0, h >> 1), h, (d) => at(d, 0), w * 4);
  const right = walk(Math.floor(w * MAX_TRIM), at(w - 1, h >> 1), h, (d) => at(w - 1 - d, 0), w * 4);
  if (Math.max(top, bottom) < h * MIN_TRIM && Math.max(left, right) < w * MIN_TRIM) return null;
  return { x: left, y: top, width: w - left - right, height: h - top - bottom };
}

/** Whether the n pixels from byte `start`, `step` bytes apart, stay within TOLERANCE of the pixel at `ref`, but for OUTLIERS of them. */
function lineUniform(data: Uint8Array, ref: number, n: number, start: number, step: number): boolean {
  const r = data[ref]!;
  const g = data[ref + 1]!;
  const b = data[ref + 2]!;
  let bad = 0;
  for (let k = 0, i = start; k < n; k++, i += step) {
    if (Math.abs(data[i]! - r) > TOLERANCE || Math.abs(data[i + 1]! - g) > TOLERANCE || Math.abs(data[i + 2]! - b) > TOLERANCE)
      if (++bad > n * OUTLIERS) return false;
  }
  return true;
}
