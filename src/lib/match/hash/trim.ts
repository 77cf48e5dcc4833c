/**
 * Query-side and work-side trimming of uniform borders (added frames, letterboxing, padding, plain backdrops):
 * walk in from each side while a whole line of the 256x256 reduced copy stays within a small tolerance of that
 * side's edge colour. Both the registered work and the page image are trimmed the same way, so a copy with an
 * added border and the work itself meet at the same trimmed fingerprint.
 */
import type { Rect, RgbaPixels } from './fingerprint.js';

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
  const at = (x: number, y: number) => (y * w + x) * 4;
  const lineUniform = (ref: number, n: number, pos: (k: number) => number): boolean => {
    let bad = 0;
    for (let k = 0; k < n; k++) {
      const i = pos(k);
      if (
        Math.abs(px.data[i]! - px.data[ref]!) > TOLERANCE ||
        Math.abs(px.data[i + 1]! - px.data[ref + 1]!) > TOLERANCE ||
        Math.abs(px.data[i + 2]! - px.data[ref + 2]!) > TOLERANCE
      )
        if (++bad > n * OUTLIERS) return false;
    }
    return true;
  };
  const walk = (limit: number, ok: (d: number) => boolean): number => {
    let d = 0;
    while (d < limit && ok(d)) d++;
    return d;
  };
  // Each side's reference colour is the middle pixel of its outermost line.
  const top = walk(Math.floor(h * MAX_TRIM), (d) => lineUniform(at(w >> 1, 0), w, (k) => at(k, d)));
  const bottom = walk(Math.floor(h * MAX_TRIM), (d) => lineUniform(at(w >> 1, h - 1), w, (k) => at(k, h - 1 - d)));
  const left = walk(Math.floor(w * MAX_TRIM), (d) => lineUniform(at(0, h >> 1), h, (k) => at(d, k)));
  const right = walk(Math.floor(w * MAX_TRIM), (d) => lineUniform(at(w - 1, h >> 1), h, (k) => at(w - 1 - d, k)));
  if (Math.max(top, bottom) < h * MIN_TRIM && Math.max(left, right) < w * MIN_TRIM) return null;
  return { x: left, y: top, width: w - left - right, height: h - top - bottom };
}
