/**
 * How the matcher found a match (which stage, which probe or framing): what the change hints (hints.ts) start
 * from. Pure types.
 */
import type { Flip } from '../hash/flip.js';

/** Grid rectangle [row, column, height, width] of the 16x16 compare grid (the hash's grid too). */
export type GridRect = readonly [number, number, number, number];

/**
 * `hash`: a fingerprint probe; `partial`: the hash agreed outside one rectangle (partial.ts); `detail`: a framing of
 * the detail thumbnail (detail-verify.ts); `redraw`: the detail agreed outside one rectangle (detail-redraw.ts).
 */
export interface Via {
  stage: 'hash' | 'partial' | 'detail' | 'redraw';
  flip?: Flip;
  /** The crop of the matching fingerprint or framing: [left, top, right, bottom] shares of the work removed. */
  crop?: readonly [number, number, number, number];
  /** Matched inside the query's uniform borders. */
  trimmed?: boolean;
  /** The rectangle a partial or redraw match left out. */
  rect?: GridRect;
  /** Found inside the query's low-detail margins (hash/detail-box.ts). */
  boxed?: boolean;
  /** A rotated framing matched (detail-rotate.ts): clockwise degrees. */
  angle?: number;
  /** The work matched inside a larger page image (detail/extend/detail-extend.ts): where it sits, [x, y, width, height] shares. */
  placement?: readonly [number, number, number, number];
  /** The correlation of that rotated or extended framing (0-1). */
  score?: number;
  /**
   * The detail stage ran the placement search over the whole page image on this candidate and it placed nothing
   * (detail-stage.ts): the hints' own test for an outpainted copy (detail-geometry.ts `extensionPlacement`, the same
   * search) would say the same, and is not run again.
   */
  unplaced?: true;
}
