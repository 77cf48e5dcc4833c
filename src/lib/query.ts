/**
 * What the background computes from a page image to match it: the whole-image fingerprint, its quality, and the
 * fingerprint inside uniform borders when the image has any. Computed once from the 256x256 reduced copy the
 * browser decodes; the matcher derives the mirrored variants by permuting bits (flip.ts), not by hashing again.
 */
import { blockhashExact, reduceForHash, type RgbaPixels } from './fingerprint.js';
import { quality } from './quality.js';
import { trimmedFingerprint } from './work-fingerprints.js';

export interface Query {
  /** `fingerprint(px)`: what is cached and shown for the image. */
  fingerprint: string;
  /** 0-100 (quality.ts); under MIN_QUALITY the image is never flagged. */
  quality: number;
  /** Fingerprint inside added borders or padding, when the image has uniform borders. */
  trimmed?: string;
}

export function queryOf(px: RgbaPixels): Query {
  const reduced = reduceForHash(px);
  const q: Query = { fingerprint: blockhashExact(reduced), quality: quality(reduced) };
  const trimmed = trimmedFingerprint(reduced);
  if (trimmed && trimmed !== q.fingerprint) q.trimmed = trimmed;
  return q;
}
