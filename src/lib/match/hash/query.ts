/**
 * What the background computes from a page image to match it: the whole-image fingerprint, its quality, and the
 * fingerprint inside uniform borders when the image has any, and its 16x16 luminance for the detail comparison. Computed once from the 256x256 reduced copy the
 * browser decodes; the matcher derives the mirrored variants by permuting bits (flip.ts), not by hashing again.
 */
import { COMPARE_SIDE, lumaThumb } from '../detail/luma-thumb.js';
import { chromaThumb } from '../detail/chroma-thumb.js';
import { blockhashExact, HASH_INPUT_SIDE, reduceForHash, reduceRegion, scratchReduction, type RgbaPixels } from './fingerprint.js';
import { toBase64url } from '../../base64url.js';
import { QUALITY_SIDE, qualityOfLuma } from './quality.js';
import { boxLuminances, lumaBytes } from './luminance.js';
import { BOX_GRID } from './detail-box.js';
import { trimRect } from './trim.js';
import { boxedQuery } from './boxed-query.js';
import { fitFingerprints, turnedFingerprints } from '../detail/rotate/turned-hash.js';
import { flatCorners } from '../detail/rotate/flat-corners.js';

export interface Query {
  /** `fingerprint(px)`: what is cached and shown for the image. */
  fingerprint: string;
  /** 0-100 (quality.ts); under MIN_QUALITY the image is never flagged. */
  quality: number;
  /** Fingerprint inside added borders or padding, when the image has uniform borders. */
  trimmed?: string;
  /** 16x16 luminance, base64url (detail.ts): verifies candidates the hash alone cannot (detail-verify.ts). */
  detail?: string;
  /** The same inside the uniform borders, with `trimmed`: a copy with added borders is verified against it. */
  trimmedDetail?: string;
  /** Fingerprint inside low-detail margins (detail-box.ts), when the image has any: an outpainted copy meets its work there. */
  boxed?: string;
  /** The 16x16 luminance inside those margins, with `boxed`. */
  boxedDetail?: string;
  /** Where that box is: [x0, y0, x1, y1] in cells of a BOX_GRID x BOX_GRID grid over the image. */
  box?: [number, number, number, number];
  /** With `box`: the whole image's 32x32 luminance, base64url, where an outpainted work is looked for (detail/extend/extend-search.ts). */
  wide?: string;
  /** Where the inside of the uniform borders is, as shares [x, y, width, height] of the image, with `trimmed`. */
  trimmedBox?: [number, number, number, number];
  /** 8x8 chroma grid, base64url (chroma-thumb.ts): the colour half of the change hints. */
  chroma?: string;
  /** The image's natural size in pixels, when the caller knows it: change regions are given in it (MatchHints.size). */
  size?: { width: number; height: number };
  /** With `size`, when the corners hold a flat fill: the image turned back as a work turned 5 degrees each way, fingerprinted (detail/rotate/turned-hash.ts). */
  turned?: string[];
  /**
   * With `size`, the fit probes: the image turned back as a work turned 2 degrees each way and cropped to fit, cut to
   * a stored all-sides crop, fingerprinted (detail/rotate/turned-hash.ts `fitFingerprints`).
   */
  fit?: string[];
  /**
   * SHA-256 of the image file's bytes, lowercase hex, set by the caller that read them (queryOf sees pixels only):
   * equal to a work's, the page serves the registered file (hash-hints.ts fileHints). Never sent to a registry.
   */
  sha256?: string;
}

/** The query's three luminance grids, reused (made on the first query): each is read to the end before the next. */
const GRID_SIDES = [QUALITY_SIDE, COMPARE_SIDE, BOX_GRID];
let grids: Float64Array[] | undefined;

/** `size`: the image's natural size (the pixels given are often a reduced copy). */
export function queryOf(px: RgbaPixels, size?: { width: number; height: number }): Query {
  const reduced = reduceForHash(px);
  const [lumQuality, lumDetail, lumBox] = boxLuminances(reduced, GRID_SIDES, (grids ??= GRID_SIDES.map((side) => new Float64Array(side * side))));
  const luma16 = lumaBytes(lumDetail!);
  const q: Query = { fingerprint: blockhashExact(reduced), quality: qualityOfLuma(lumQuality!), detail: toBase64url(luma16), chroma: toBase64url(chromaThumb(reduced)) };
  if (size) q.size = { width: size.width, height: size.height };
  const turned = flatCorners(luma16) ? turnedFingerprints(reduced, size) : [];
  if (turned.length) q.turned = turned;
  const fit = fitFingerprints(reduced, size);
  if (fit.length) q.fit = fit;
  // One reduction of the inside serves both the trimmed fingerprint and its detail, and is dropped after them.
  const rect = trimRect(reduced);
  const inner = rect && reduceRegion(reduced, rect, HASH_INPUT_SIDE, scratchReduction());
  const trimmed = inner && blockhashExact(inner);
  if (rect && inner && trimmed && trimmed !== q.fingerprint) {
    q.trimmed = trimmed;
    q.trimmedDetail = toBase64url(lumaThumb(inner, COMPARE_SIDE));
    const { width: w, height: h } = reduced;
    q.trimmedBox = [rect.x / w, rect.y / h, rect.width / w, rect.height / h];
  }
  Object.assign(q, boxedQuery(reduced, lumBox));
  return q;
}
