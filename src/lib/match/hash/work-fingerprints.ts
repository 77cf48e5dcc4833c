/**
 * The fingerprints stored for one registered work. Every registration path (options page, right-click, CLI, demo
 * list) calls this, so that how a work is indexed is decided in one place. The first fingerprint is always the
 * whole image's (`fingerprint(px)`); the others are crops, so that a copy cut down by up to 20% from any side, or
 * from all sides, lands near one of them (a global hash does not survive crops: blockhash loses most copies at a
 * 5% crop). Mirrored copies need no fingerprints of their own: the query is permuted (flip.ts). Added borders are
 * trimmed from the query (trim.ts); a work with a plain backdrop also stores its trimmed fingerprint. Next to the
 * fingerprints, a 32x32 luminance thumbnail (detail.ts) verifies copies the hash misses (detail-verify.ts).
 *
 * Cost: 1 + CROPS.length (+1 for a trimmed backdrop, +1 for low-detail margins) = 27 to 29 fingerprints, 64 hex characters each in the list
 * and ~60 bytes each in the index, plus the 1,024-byte thumbnail (1,366 base64url characters in a list). docs/matching.md and docs/benchmarks.md give the measured recall per crop.
 */
import { HASH_INPUT_SIDE, reduceForHash, reduceRegion, blockhashExact, scratchReduction, type Rect, type RgbaPixels } from './fingerprint.js';
import { workDetail } from '../detail/luma-thumb.js';
import { chromaThumb } from '../detail/chroma-thumb.js';
import { toBase64url } from '../../base64url.js';
import { trimRect } from './trim.js';
import { boxedQuery } from './boxed-query.js';

/** Crop variants as [left, top, right, bottom] shares of the width/height removed. */
export const CROPS: ReadonlyArray<readonly [number, number, number, number]> = [
  ...[0.04, 0.08, 0.12, 0.16, 0.2].flatMap((c) => [[c, 0, 0, 0], [0, c, 0, 0], [0, 0, c, 0], [0, 0, 0, c]] as const),
  ...[0.03, 0.06, 0.09, 0.12, 0.15, 0.18].map((c) => [c, c, c, c] as const),
];

/** Crops are cut from a copy reduced to this square side (crop shares are relative, so squashing commutes). */
const WORK_SIDE = 512;

/** What a work stores: its fingerprints (first = whole image) and its detail thumbnail (detail.ts, base64url). */
export interface WorkPrint {
  fingerprints: string[];
  detail: string;
  /** The 8x8 chroma grid (chroma-thumb.ts, base64url). */
  chroma: string;
}

export function workFingerprints(px: RgbaPixels): WorkPrint {
  const reduced = reduceForHash(px);
  const out = [blockhashExact(reduced)];
  const base = px.width * px.height > WORK_SIDE * WORK_SIDE ? reduceForHash(px, WORK_SIDE) : px;
  for (const [l, t, r, b] of CROPS) {
    const rect: Rect = { x: base.width * l, y: base.height * t, width: base.width * (1 - l - r), height: base.height * (1 - t - b) };
    out.push(blockhashExact(reduceRegion(base, rect, HASH_INPUT_SIDE, scratchReduction())));
  }
  const trimmed = trimmedFingerprint(reduceForHash(base));
  if (trimmed && !out.includes(trimmed)) out.push(trimmed);
  // Inside low-detail margins (a portrait's backdrop): where an outpainted copy's box meets the work (boxed-query.ts).
  const boxed = boxedQuery(reduced).boxed;
  if (boxed && !out.includes(boxed)) out.push(boxed);
  return { fingerprints: out, detail: toBase64url(workDetail(reduced)), chroma: toBase64url(chromaThumb(reduced)) };
}

/** The part of a reduced (256x256) image inside its uniform borders, itself reduced to 256x256; null without borders. */
export function trimmedReduction(reduced: RgbaPixels): RgbaPixels | null {
  const rect = trimRect(reduced);
  return rect ? reduceRegion(reduced, rect, HASH_INPUT_SIDE) : null;
}

/** Fingerprint of the part of a reduced (256x256) image inside its uniform borders, or null without borders. */
export function trimmedFingerprint(reduced: RgbaPixels): string | null {
  const inner = trimmedReduction(reduced);
  return inner ? blockhashExact(inner) : null;
}
