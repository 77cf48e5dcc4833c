/**
 * What a registered work's record says beyond its thumbnail that the change hints use: its pixel size (a copy at
 * another size is "resized or recompressed"), its chroma grid (a saturation or hue change is "colours changed",
 * chroma-compare.ts) and its file's SHA-256 (the same bytes are the registered file, hash-hints.ts fileHints). All are
 * optional: lists made before them carry none, and the hints then claim nothing from them. Pure.
 */
import { fromBase64url } from '../../base64url.js';
import { chromaOf } from '../detail/chroma-thumb.js';
import type { CropSides, Work } from '../../types.js';

export interface WorkTraits {
  size?: { width: number; height: number };
  /** Signed Cb/Cr pairs of the 8x8 grid (chroma-thumb.ts). */
  chroma?: Int16Array;
  /** The registered file's SHA-256, lowercase hex. */
  sha256?: string;
}

/** The traits of a work record (malformed fields are left out). */
export function traitsOf(w: Pick<Work, 'size' | 'chroma' | 'sha256'> | undefined): WorkTraits | undefined {
  if (!w) return undefined;
  const out: WorkTraits = {};
  if (w.size && w.size.width > 0 && w.size.height > 0) out.size = { width: w.size.width, height: w.size.height };
  if (w.chroma) {
    try {
      const c = chromaOf(fromBase64url(w.chroma));
      if (c) out.chroma = c;
    } catch {
      // not base64url: no chroma
    }
  }
  if (w.sha256 && /^[0-9a-f]{64}$/.test(w.sha256)) out.sha256 = w.sha256;
  return out.size || out.chroma || out.sha256 ? out : undefined;
}

/** A scale differing from 1 by more than this is a resize (pixel rounding of a same-size copy is under 0.5%). */
export const RESIZE_MIN = 0.02;
/**
 * ... or by more than this when a crop framing was compared: the framings step by 3-4% of a side, so the crop
 * found can be off by a step on each side (docs/matching.md).
 */
export const RESIZE_MIN_CROPPED = 0.12;

/**
 * Whether the compared part of the page image (`shown`: shares of its `size`) shows the work's `frame` (shares of
 * the work) at another pixel scale than the work's own. Orientation-free: the scale is that of the areas.
 */
export function resizedFrom(size: { width: number; height: number }, shown: readonly number[], work: { width: number; height: number }, crop: CropSides | null): boolean {
  const fw = 1 - (crop ? crop.left + crop.right : 0);
  const fh = 1 - (crop ? crop.top + crop.bottom : 0);
  const scale = Math.sqrt((shown[2]! * size.width * shown[3]! * size.height) / (fw * work.width * fh * work.height));
  return Math.abs(scale - 1) > (crop ? RESIZE_MIN_CROPPED : RESIZE_MIN);
}
