/**
 * Detail verification of extended (outpainted) copies (issue 22 item 4): the page image's detail box
 * (hash/detail-box.ts: inside its low-detail margins, `Query.boxedDetail`) against the same box of the work's
 * thumbnail, found the same way at 32x32, and the whole work, each refined an edge at a time (the two boxes are
 * found at different resolutions). The best framing also says where the whole work sits in the page image. Pure.
 */
import { detailBoxOf } from '../hash/detail-box.js';
import { DETAIL_SIDE, frameScore, type Frame } from './luma-thumb.js';
import type { DetailQuery } from './detail-verify.js';

/** Gradient correlation of the two boxes at or above which a candidate is an extended copy. */
export const EXTENDED_MIN = 0.9;
/** Rounds of edge moves (each edge one thumbnail cell, 3% of the work) in the framing search. */
const MAX_MOVES = 6;
/** A placement this close to the whole page image (share of its area) is not an extension. */
export const EXTENDED_MAX_AREA = 0.9;

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
  const score = ([l = 0, t = 0, r = 0, b = 0]: number[]): number =>
    r - l < m / 4 || b - t < m / 4 || l < 0 || t < 0 || r > m || b > m ? -1 : frameScore(boxDq.grads, thumb, [l / m, t / m, (r - l) / m, (b - t) / m]);
  let best = { score: -1, at: [0, 0, m, m] };
  // From the work's own detail box and from the whole work (the two boxes are found at different resolutions, and a
  // faint margin may be trimmed on one side only), each edge moved a cell at a time while the score improves.
  for (const start of [detailBoxOf(thumb, m) ?? [0, 0, m, m], [0, 0, m, m]]) {
    let at = [...start];
    let s = score(at);
    for (let round = 0, moved = true; moved && round < MAX_MOVES; round++) {
      moved = false;
      for (let e = 0; e < 4; e++) {
        for (const d of [-1, 1]) {
          const next = at.map((v, i) => (i === e ? v + d : v));
          const ns = score(next);
          if (ns > s) [at, s, moved] = [next, ns, true];
        }
      }
    }
    if (s > best.score) best = { score: s, at };
  }
  const [l, t, r, b] = best.at as [number, number, number, number];
  return { score: best.score, placement: placementOf(box, [l / m, t / m, (r - l) / m, (b - t) / m]) };
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
