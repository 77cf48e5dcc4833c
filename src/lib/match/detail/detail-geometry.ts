/**
 * The geometric explanations of a candidate (issue 22 item 4), tried after the plain framings failed: the work
 * placed inside a larger page image (`extended`, extend/detail-extend.ts) and the work rotated by a few degrees (`rotated`,
 * detail-rotate.ts). Each says what it found (as the match's `Via`): where the work sits, or by how much it turned. Pure.
 */
import type { Via } from '../hints/via.js';
import { detailQueryOf, type DetailQuery } from './detail-verify.js';
import { type Box, EXTENDED_MIN, extendedVerdict, isExtension } from './extend/detail-extend.js';
import { rotatedPasses, verifyRotated } from './rotate/detail-rotate.js';
import { withRefinedFit } from './rotate/fit-refine.js';
import { BOX_GRID } from '../hash/detail-box.js';
import type { Query } from '../hash/query.js';

/** The query's detail inside its low-detail margins, and where that box is (shares of the page image). */
export interface BoxedDetail {
  dq: DetailQuery;
  box: Box;
  /** For the placement search: the whole page image's 32x32 luminance (Query.wide) and its aspect (Query.size). */
  page?: { wide: string; aspect: number };
}


/** A query box in cells of BOX_GRID ([x0, y0, x1, y1], Query.box) as shares [x, y, width, height]. */
export function boxShares(cells: readonly [number, number, number, number]): Box {
  const [x0, y0, x1, y1] = cells;
  return [x0 / BOX_GRID, y0 / BOX_GRID, (x1 - x0) / BOX_GRID, (y1 - y0) / BOX_GRID];
}

/**
 * The work inside a larger page image, when the two detail boxes agree at `min` (or, given the work's aspect and
 * `boxed.page`, the placement search finds it at `min`) and the work leaves room around it.
 */
export function extendedMatch(boxed: BoxedDetail | null, thumb: Uint8Array, min: number, workAspect?: number): Via | null {
  if (!boxed) return null;
  const search = boxed.page && workAspect ? { wide: boxed.page.wide, pageAspect: boxed.page.aspect, workAspect } : undefined;
  const v = extendedVerdict(boxed.dq, boxed.box, thumb, min, search);
  if (v.score < min || !isExtension(v.placement)) return null;
  return { stage: 'detail', boxed: true, placement: v.placement, score: v.score };
}

/** A page image's width / height from its natural size (Query.size), when known. */
export function pageAspectOf(size: { width: number; height: number } | undefined): number | undefined {
  return size && size.width > 0 && size.height > 0 ? size.width / size.height : undefined;
}

/**
 * Below `min` by less than this, the framings of the page's own aspect are a near miss, and those of every assumed
 * aspect are tried too: a framing of another aspect can score a little higher by chance than the true aspect's
 * (docs/matching.md), and the verdict must not depend on which were tried.
 */
export const ROTATED_NEAR_MISS = 0.15;

/**
 * The work turned by a few degrees, when the best rotated framing agrees at `min` (or turned one way only,
 * detail-rotate.ts `rotatedPasses`). The page image's aspect
 * (`pageAspect`, detail-rotate.ts) names a quarter of the framings; the rest are tried only after a near miss, and
 * its fit framings are scored finely when one comes near (fit-refine.ts).
 */
export function rotatedMatch(dq: DetailQuery, thumb: Uint8Array, min: number, pageAspect?: number): Via | null {
  const own = verifyRotated(dq.luma, thumb, pageAspect);
  let v: { score: number; angle: number; opposite: number } = own;
  if (pageAspect !== undefined && v.score < min && v.score >= min - ROTATED_NEAR_MISS) {
    const every = verifyRotated(dq.luma, thumb);
    if (every.score > v.score) v = every;
  }
  // A copy cropped to fit that came near: its fit framings scored finely (fit-refine.ts).
  if (pageAspect !== undefined && !rotatedPasses(v, min)) v = withRefinedFit(dq.luma, thumb, pageAspect, v, own.fit);
  return rotatedPasses(v, min) ? { stage: 'detail', angle: v.angle, score: v.score } : null;
}

/**
 * Where the work sits in the page image and how well, when the placement the matcher would accept finds it, else
 * null: the hints' test of whether a match is an outpainted copy (hints/extension.ts), whatever stage found it.
 */
export function extensionPlacement(q: Query, thumb: Uint8Array, workSize?: { width: number; height: number }): { placement: Box; score: number } | null {
  const dq = q.box && q.boxedDetail ? detailQueryOf(q.boxedDetail) : null;
  if (!dq || !q.box) return null;
  const pageAspect = pageAspectOf(q.size);
  const page = q.wide && pageAspect ? { wide: q.wide, aspect: pageAspect } : undefined;
  const via = extendedMatch({ dq, box: boxShares(q.box), ...(page ? { page } : {}) }, thumb, EXTENDED_MIN, pageAspectOf(workSize));
  return via?.placement ? { placement: via.placement, score: via.score ?? 0 } : null;
}
