/**
 * What the background computes from a page image to match it: the whole-image fingerprint, its quality, and the
 * fingerprint inside uniform borders when the image has any, and its 16x16 luminance for the detail comparison. Computed once from the 256x256 reduced copy the
 * browser decodes; the matcher derives the mirrored variants by permuting bits (flip.ts), not by hashing again.
 */
import { COMPARE_SIDE, lumaThumb } from './detail.js';
import { blockhashExact, reduceForHash, reduceRegion, type RgbaPixels } from './fingerprint.js';
import { toBase64url } from './keys.js';
import { quality } from './quality.js';
import { trimRect } from './trim.js';
import { trimmedFingerprint } from './work-fingerprints.js';

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
}

export function queryOf(px: RgbaPixels): Query {
  const reduced = reduceForHash(px);
  const q: Query = { fingerprint: blockhashExact(reduced), quality: quality(reduced), detail: toBase64url(lumaThumb(reduced, COMPARE_SIDE)) };
  const trimmed = trimmedFingerprint(reduced);
  if (trimmed && trimmed !== q.fingerprint) {
    q.trimmed = trimmed;
    const rect = trimRect(reduced);
    if (rect) q.trimmedDetail = toBase64url(lumaThumb(reduceRegion(reduced, rect), COMPARE_SIDE));
  }
  return q;
}
