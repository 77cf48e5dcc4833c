/**
 * The matcher's detail stage, for works no hash probe matched: which candidates to verify, in what order, and the
 * verdict on each. A candidate is a copy when its thumbnail agrees with the query's detail (detail-verify.ts) as the
 * query is, inside the query's uniform borders (a copy with borders added, whose trimmed hash missed), or everywhere
 * but one redrawn rectangle (detail-redraw.ts). Pure.
 */
import { curvatureOutside, REDRAW_MIN_KEPT, redrawScores, REDRAW_SLIVER_KEPT, REDRAW_THIN_KEPT } from './detail-redraw.js';
import { byDistance, cropOf, DETAIL_MIN, DETAIL_MIN_MIRRORED, type DetailQuery, type DetailVerdict, FRAMINGS, framingScore, pairScores } from './detail-verify.js';
import type { Via } from '../hints/via.js';
import { type BoxedDetail, extendedMatch, rotatedMatch, ROTATED_NEAR_MISS } from './detail-geometry.js';
import { EXTENDED_MIN } from './extend/detail-extend.js';
import { ROTATED_MIN, rotatedFloor, type RotatedGrid, rotatedGrids } from './rotate/detail-rotate.js';
import { TURNED_MAX } from './rotate/turned-keys.js';
import { FIT_REFINE_FROM } from './rotate/fit-refine.js';
import { framingBelowFor, rotatedBelow } from './detail-bound.js';
import { redrawBelow } from './redraw-bound.js';

/**
 * Correlation outside the redrawn rectangle at or above which a candidate is a partly edited copy. Robustness
 * benchmark: of the 78 registered images' 25% redraws, 80% score 0.975 or more (the rest had most of their detail
 * under the patch, a portrait's figure); the best of every distractor against every registered image (511,368
 * pairs, scanned without candidate selection) was 0.944, a figure on black against a dark work (`w0077`), which
 * matched at 0.9; the best against any other work 0.875.
 */
export const REDRAW_MIN = 0.95;
/**
 * The same when the rectangle leaves less than REDRAW_MIN_KEPT of the work's gradient energy (down to
 * REDRAW_THIN_KEPT): a patch over most of a portrait's figure. Robustness benchmark, every distractor against every
 * registered image again (491,868 pairs with detail): the best score keeping a tenth is still 0.944 (the same figure
 * on black against `w0077`; 11 pairs at 0.9 or more instead of 6, the best of them keeping less than half 0.935),
 * while all 156 of the registered images' 10% and 25% redraws score 0.991 or more with a tenth kept. Less evidence
 * left, more agreement asked: halfway between the two. The second differences outside the rectangle must reach it
 * too (`curvatureOutside`): two portraits on the same radial gradient scored 0.975-0.994 here with both figures inside
 * the rectangle, but 0.52-0.80 on second differences, where the thin redraws score 0.994 or more.
 */
export const REDRAW_MIN_THIN = 0.97;
/**
 * The same, on both correlations, when the rectangle leaves less than REDRAW_THIN_KEPT of the work's gradient energy
 * (down to REDRAW_SLIVER_KEPT): a 25% patch over nearly all of a figure on a plain backdrop, whose copy still agrees
 * on the slivers of the figure left around it. docs/matching.md gives the scores it is set from.
 */
export const REDRAW_MIN_SLIVER = 0.99;

/**
 * Candidates (of MAX_VERIFIED) that are all tried turned (rotatedMatch): the rotated framings cost more than the plain
 * ones, and the turned copies they find in bench:robustness were verified among the first 3.
 */
export const MAX_TURNED = 4;
/** Hash distance (bits) at or below which a later candidate is still tried turned (`turnedNear`). */
export const TURNED_NEAR_BITS = 16;

/**
 * Whether a candidate after the first MAX_TURNED is still tried turned: its detail key (`key`: its distance in the
 * matcher's key scan, turned keys included) within TURNED_MAX, or a hash (`bits`: its loose distance, the turned-back
 * probes included) within TURNED_NEAR_BITS. Unrelated works at 1M crowd in near KEY_MAX and LOOSE_RADIUS, and a
 * turned copy's work may be verified after them (tests/unit/turned-candidates.test.ts); most turned matches come
 * this near (docs/matching.md).
 */
export function turnedNear(key: number | undefined, bits: number | undefined): boolean {
  return (key ?? Infinity) <= TURNED_MAX || (bits ?? Infinity) <= TURNED_NEAR_BITS;
}

/**
 * Candidates to verify, best first: works whose detail key is near the query's (as is or inside its borders: the
 * matcher's key scan), alternating with hash candidates (looser radius, word agreements on any stored fingerprint)
 * by distance, so that neither source can crowd the other out of the MAX_VERIFIED verified; then, the same way, the
 * fit candidates' keyed and hash ones (`fitKeyed`, `fitLoose`): a guess every page of known size makes takes only
 * the slots the others leave, so at scale it neither costs verifications nor displaces a nearer candidate.
 */
export function detailCandidates(keyed: Map<number, number>, loose: Map<number, number>, fitKeyed: Map<number, number> = new Map(), fitLoose: Map<number, number> = new Map()): number[] {
  const out = new Set<number>();
  for (let s = 0; s < 2; s++) {
    const a = byDistance(s ? fitKeyed : keyed);
    const b = byDistance(s ? fitLoose : loose);
    for (let i = 0; i < Math.max(a.length, b.length); i++) {
      if (i < a.length) out.add(a[i]!);
      if (i < b.length) out.add(b[i]!);
    }
  }
  return [...out];
}

const passes = (v: DetailVerdict) => v.score >= (v.flip ? DETAIL_MIN_MIRRORED : DETAIL_MIN);

const viaOf = (v: DetailVerdict, trimmed: boolean): Via => ({
  stage: 'detail',
  ...(v.flip ? { flip: v.flip } : {}),
  ...(v.frame[2] < 1 || v.frame[3] < 1 ? { crop: cropOf(v.frame) } : {}),
  ...(trimmed ? { trimmed } : {}),
});

/**
 * verifyDetail's verdict when it passes, else null, without scoring the framings the bound (detail-bound.ts) puts
 * below DETAIL_MIN: when some framing reaches it, the best is among those scored and is the same framing (the first
 * of the best) with the same score.
 */
export function passingDetail(dq: DetailQuery, thumb: Uint8Array): DetailVerdict | null {
  const pair = pairScores(dq, thumb);
  let best = -1;
  let at = 0;
  for (let i = 0; i < FRAMINGS.length; i++) {
    if (framingBelowFor(pair, i, DETAIL_MIN)) continue;
    const s = framingScore(pair, i);
    if (s > best) [best, at] = [s, i];
  }
  const v = best >= DETAIL_MIN ? { score: best, ...FRAMINGS[at]! } : null;
  return v && passes(v) ? v : null;
}

/**
 * Whether some framing scores `min` or more (verifyDetail's score reaches it), scoring framings only until one does
 * and none the bound puts below `min`.
 */
export function framingReaches(dq: DetailQuery, thumb: Uint8Array, min: number): boolean {
  const pair = pairScores(dq, thumb);
  for (let i = 0; i < FRAMINGS.length; i++) if (!framingBelowFor(pair, i, min) && framingScore(pair, i) >= min) return true;
  return false;
}

/**
 * False when `rotatedMatch` (at ROTATED_MIN) provably finds nothing: every rotated framing it would score is below the
 * lowest score it accepts (`rotatedFloor`: a turn one way only passes from ONE_WAY_MIN), or, with the page's aspect
 * given, those of the page's aspect are below the near miss that makes it try every aspect, or all of them are below
 * that floor (its fit framings below FIT_REFINE_FROM, from which they are scored finely) and so are those of every
 * aspect.
 */
export function rotatedMayMatch(dq: DetailQuery, thumb: Uint8Array, pageAspect?: number): boolean {
  const floor = rotatedFloor(ROTATED_MIN);
  const own = rotatedGrids(pageAspect);
  // Plain loops, no closures: what a candidate allocates adds up over a lookup (its minor collections land inside).
  if (pageAspect === undefined) return anyAbove(dq, own, thumb, floor);
  // The framings before the first that the bound cannot put below the near miss (or the floor, if lower) are below the
  // floor too (the bound only grows easier to prove with the threshold): not screened again.
  let first = 0;
  while (first < own.length && rotatedBelow(dq, own[first]!, thumb, Math.min(floorOf(own[first]!, floor), ROTATED_MIN - ROTATED_NEAR_MISS))) first++;
  if (first === own.length) return false;
  for (let i = first; i < own.length; i++) if (!rotatedBelow(dq, own[i]!, thumb, floorOf(own[i]!, floor))) return true;
  return anyAbove(dq, rotatedGrids(), thumb, floor);
}

/** A fit framing from FIT_REFINE_FROM is scored finely too (fit-refine.ts): screened at that. */
const floorOf = (g: RotatedGrid, floor: number) => (g.framing === 'fit' ? Math.min(floor, FIT_REFINE_FROM) : floor);

/** Whether the bound leaves some of the grids at or above `min`. */
function anyAbove(dq: DetailQuery, grids: readonly RotatedGrid[], thumb: Uint8Array, min: number): boolean {
  for (const g of grids) if (!rotatedBelow(dq, g, thumb, min)) return true;
  return false;
}

/**
 * The verdict on one candidate's thumbnail: how it matched when it is a copy, else null (`pageAspect`: Query.size's;
 * `workAspect`: the work's size's, when its record has one, for the placement search; `boxed`: with its `page`, the
 * search runs, and a match it did not place is marked `unplaced`; `turned`: false skips the rotated framings, as for
 * candidates after the first MAX_TURNED).
 */
export function verifyCandidate(dq: DetailQuery, inside: DetailQuery | null, thumb: Uint8Array, boxed: BoxedDetail | null = null, pageAspect?: number, workAspect?: number, turned = true): Via | null {
  const v = passingDetail(dq, thumb);
  if (v) return viaOf(v, false);
  if (inside) {
    const t = passingDetail(inside, thumb);
    if (t) return viaOf(t, true);
  }
  const extended = extendedMatch(boxed, thumb, EXTENDED_MIN, workAspect);
  if (extended) return extended;
  // Whatever the plain framings scored: a copy turned on a canvas can score below 0 there (w0041, 5 degrees).
  const rotated = turned && rotatedMayMatch(dq, thumb, pageAspect) ? rotatedMatch(dq, thumb, ROTATED_MIN, pageAspect) : null;
  if (rotated) return rotated;
  // Exact: when no rectangle can leave REDRAW_MIN (the lower threshold), neither score below can pass.
  if (redrawBelow(dq.luma, thumb, Math.min(REDRAW_MIN, REDRAW_MIN_THIN))) return null;
  const [kept, thin, sliver] = redrawScores(dq.luma, thumb, [REDRAW_MIN_KEPT, REDRAW_THIN_KEPT, REDRAW_SLIVER_KEPT]);
  if (kept!.score >= REDRAW_MIN) return redrawVia(kept!.rect, boxed);
  // With little of the work's detail left, a smooth backdrop two portraits share can carry the gradients: the
  // edges left outside the rectangle (second differences) must agree too.
  for (const [r, min] of [[thin!, REDRAW_MIN_THIN], [sliver!, REDRAW_MIN_SLIVER]] as const) {
    if (r.score >= min && curvatureOutside(dq.luma, thumb, r.rect) >= min) return redrawVia(r.rect, boxed);
  }
  return null;
}

/** A redraw match; with the page image searched, it says so: the hints would run the same search (Via.unplaced). */
function redrawVia(rect: NonNullable<Via['rect']>, boxed: BoxedDetail | null): Via {
  return boxed?.page ? { stage: 'redraw', rect, unplaced: true } : { stage: 'redraw', rect };
}
