/**
 * The fine steps of the placement search (extend-search.ts): a coarse placement put at the work's aspect, then moved
 * and scaled in halving steps while its score improves, on the compare grid's score and on the work drawn into the
 * page's own grid. Pure.
 */
import type { Placement } from './extend-sample.js';

/** A refined placement and its score. */
export interface Refined {
  score: number;
  placement: Placement;
}

/** The refinement's steps (shares of the page image) and most moves at each. */
const REFINE_STEPS = [1 / 32, 1 / 64, 1 / 128];
const MAX_ROUNDS = 6;

/** Steps of the drawn score's refinement (shares of the page image: down to a quarter of a page cell at 32x32)... */
const DRAWN_STEPS = [1 / 64, 1 / 128, 1 / 256];
/** ...and most moves at each. */
const DRAWN_ROUNDS = 4;

/** The placement moved, or scaled about its corner at its aspect, in halving steps while the drawn score improves. */
export function refineDrawn(start: Placement, score: (p: Placement) => number): Refined {
  let at = start;
  let s = score(at);
  for (const d of DRAWN_STEPS) {
    for (let round = 0, moved = true; moved && round < DRAWN_ROUNDS; round++) {
      moved = false;
      const [x, y, w, h] = at;
      const e = (d * h) / w;
      const moves: Placement[] = [[x + d, y, w, h], [x - d, y, w, h], [x, y + d, w, h], [x, y - d, w, h], [x, y, w + d, h + e], [x, y, w - d, h - e]];
      for (const m of moves) {
        const ms = score(m);
        if (ms > s) [at, s, moved] = [m, ms, true];
      }
    }
  }
  return { score: s, placement: at };
}

/** A coarse placement at the work's aspect exactly: the same area and centre, moved inside the page image. */
export function trueAspect([x, y, w, h]: Placement, ratio: number): Placement {
  const k = Math.min(1, 1 / Math.sqrt((w * h) / ratio), 1 / Math.sqrt(w * h * ratio));
  const tw = Math.sqrt((w * h) / ratio) * k;
  const th = tw * ratio;
  const inside = (v: number, s: number) => Math.min(1 - s, Math.max(0, v));
  return [inside(x + (w - tw) / 2, tw), inside(y + (h - th) / 2, th), tw, th];
}

/** The box scaled (about a corner or its centre) and moved in halving steps while the score improves; its aspect may drift within ASPECT_TOLERANCE. */
export function refine(start: Placement, ratio: number, score: (p: Placement) => number): Refined {
  let at = [...start] as [number, number, number, number];
  let s = score(at);
  for (const d of REFINE_STEPS) {
    const e = d * ratio;
    for (let round = 0; round < MAX_ROUNDS; round++) {
      let next: [number, number, number, number] | null = null;
      let ns = s;
      const [x, y, w, h] = at;
      const moves: [number, number, number, number][] = [
        [x, y, w + d, h + e], [x, y, w - d, h - e], [x - d, y - e, w + d, h + e], [x + d, y + e, w - d, h - e],
        [x - d / 2, y - e / 2, w + d, h + e], [x + d / 2, y + e / 2, w - d, h - e],
        [x - d, y, w, h], [x + d, y, w, h], [x, y - d, w, h], [x, y + d, w, h],
        [x - d / 2, y, w + d, h], [x + d / 2, y, w - d, h], [x, y - e / 2, w, h + e], [x, y + e / 2, w, h - e],
      ];
      for (const m of moves) {
        const ms = score(m);
        if (ms > ns) [next, ns] = [m, ms];
      }
      if (!next) break;
      [at, s] = [next, ns];
    }
  }
  return { score: s, placement: at };
}
