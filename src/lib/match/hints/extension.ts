/**
 * Whether a match is an outpainted copy, and whether an outpainted-looking match is a rotated one (issue 22 item 1).
 * The stage that found a match need not be the one that explains it: an outpainted copy is often found first by its
 * hash or a partial hash match, and the aligned comparison then names its generated surround a border, a crop or a
 * redrawn region; a copy turned by 5 degrees on a blurred copy of itself is often found first by the placement
 * search, the turned work filling most of the page image. Each is told by the explanation that agrees better: the
 * placement (detail-geometry.ts `extensionPlacement`, the matcher's own test) or the rotated framing (rotation.ts). Pure.
 */

/**
 * How much better than the aligned framing (aligned.ts) a placement must agree for a match whose aligned comparison
 * names redrawn or marked regions to be called extended. bench:robustness: outpainted copies found by their hash
 * placed 0.08-1.0 above their aligned framing; a logo in a corner of an untouched work with plain edges placed 0.045
 * above it, inside a margin of 3-5% of the page image; a text watermark 0.07 below.
 */
export const EXTENSION_LEAD = 0.06;

/**
 * Which of a placement and a turn explains the copy: the one that agrees better (each its own correlation, 0-1).
 * In bench:robustness a copy turned by 5 degrees on a blurred copy of itself placed at 0.74-0.92 and turned at
 * 0.98-1.0; outpainted copies placed at 0.91-1.0, the best of them turned 0.94.
 */
export function turnExplainsBetter(turned: { score: number } | null, placed: { score: number } | null): boolean {
  return !!turned && (!placed || turned.score > placed.score);
}
