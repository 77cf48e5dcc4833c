/**
 * Change hints of a rotated or extended match (issue 22 item 4): the rotated or extended framing that decided the
 * match says it (Via.angle, Via.placement); the similarity shown is that framing's correlation. Pure.
 */
import type { MatchHints, PixelBox } from '../../types.js';
import type { Via } from './via.js';

/** The similarity shown for a match a rotated or extended framing decided: that framing's correlation, in percent. */
const similarityOf = (via: Via) => Math.round(100 * Math.max(0, Math.min(1, via.score ?? 0)));

/** The hints of a match decided by a rotated or extended framing, or null for any other match. */
export function geometryHints(via: Via, size: MatchHints['size']): MatchHints | null {
  if (via.angle === undefined && !via.placement) return null;
  const similarity = similarityOf(via);
  if (via.placement) return { changes: [{ kind: 'extended', placement: pixelBox(via.placement, size) }], similarity, decidedBy: 'detail', size };
  return { changes: [{ kind: 'rotated', degrees: via.angle! }], similarity, decidedBy: 'detail', size };
}

/**
 * The hints of a match the placement search found (Via.placement) inside a surround of one colour: an added border
 * (hints.ts decides that), its box the placement.
 */
export function placedBorderHints(via: Via, size: MatchHints['size']): MatchHints {
  return { changes: [{ kind: 'border', box: pixelBox(via.placement!, size) }], similarity: similarityOf(via), decidedBy: 'detail', size };
}

/** Shares [x, y, width, height] of the page image in its pixels, clipped to it. */
function pixelBox([x, y, w, h]: readonly [number, number, number, number], size: MatchHints['size']): PixelBox {
  const x0 = Math.round(Math.max(0, x) * size.width);
  const y0 = Math.round(Math.max(0, y) * size.height);
  const x1 = Math.round(Math.min(1, x + w) * size.width);
  const y1 = Math.round(Math.min(1, y + h) * size.height);
  return { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
}
