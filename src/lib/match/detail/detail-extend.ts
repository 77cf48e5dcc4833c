/**
 * Detail verification of extended (outpainted) copies (issue 22 item 4): the page image's detail box
 * (hash/detail-box.ts: inside its low-detail margins, `Query.boxedDetail`) against the same box of the work's
 * thumbnail, found the same way at 32x32 and tried one thumbnail cell larger or smaller on each side (the two boxes
 * are found at different resolutions). The best framing also says where the whole work sits in the page image. Pure.
 */
import { detailBoxOf } from '../hash/detail-box.js';
import { DETAIL_SIDE, frameScore, type Frame } from './luma-thumb.js';
import type { DetailQuery } from './detail-verify.js';

/** Gradient correlation of the two boxes at or above which a candidate is an extended copy. */
export const EXTENDED_MIN = 0.9;
/** A placement this close to the whole page image (share of its area) is not an extension. */
export const EXTENDED_MAX_AREA = 0.95;

/** [x, y, width, height] as shares of an image. */
export type Box = readonly [number, number, number, number];

export interface ExtendedVerdict {
  score: number;
  /** Where the whole work sits in the page image, shares of it. */
  placement: Box;
}

/**
 * Best framing of the work's detail box for the query's: `boxDq` is the query's box detail and `box` that box in
 * shares of the page image.
 */
export function verifyExtended(boxDq: DetailQuery, box: Box, thumb: Uint8Array): ExtendedVerdict {
  const m = DETAIL_SIDE;
  const [x0, y0, x1, y1] = detailBoxOf(thumb, m) ?? [0, 0, m, m];
  let best: ExtendedVerdict = { score: -1, placement: [0, 0, 1, 1] };
  for (const dl of [-1, 0, 1]) for (const dr of [-1, 0, 1]) for (const dt of [-1, 0, 1]) for (const db of [-1, 0, 1]) {
    const l = Math.max(0, x0 + dl);
    const r = Math.min(m, x1 + dr);
    const t = Math.max(0, y0 + dt);
    const b = Math.min(m, y1 + db);
    if (r - l < m / 4 || b - t < m / 4) continue;
    const frame: Frame = [l / m, t / m, (r - l) / m, (b - t) / m];
    const score = frameScore(boxDq.grads, thumb, frame);
    if (score > best.score) best = { score, placement: placementOf(box, frame) };
  }
  return best;
}

/** The whole work's rectangle in the page image, given that `frame` of the work (shares) shows at `box` (shares). */
export function placementOf(box: Box, frame: Frame): Box {
  const w = box[2] / frame[2];
  const h = box[3] / frame[3];
  return [box[0] - frame[0] * w, box[1] - frame[1] * h, w, h];
}

/** Whether a placement leaves enough of the page image around the work to call the copy extended. */
export function isExtension(placement: Box): boolean {
  const [x, y, w, h] = placement;
  const visible = (Math.min(1, x + w) - Math.max(0, x)) * (Math.min(1, y + h) - Math.max(0, y));
  return visible > 0 && visible < EXTENDED_MAX_AREA;
}
