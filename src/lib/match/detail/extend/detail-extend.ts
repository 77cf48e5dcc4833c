/**
 * Detail verification of extended (outpainted) copies (issue 22 item 4). First the page image's detail box
 * (hash/detail-box.ts: inside its low-detail margins, `Query.boxedDetail`) against the same box of the work's
 * thumbnail, found the same way at 32x32, and the whole work, each refined an edge at a time (the two boxes are
 * found at different resolutions). The best framing also says where the whole work sits in the page image. When
 * that box misleads (it runs into a blurred fill, stops at a figure on a plain backdrop or at a gradient's seam),
 * the placement search over the whole page image (extend-search.ts, `Query.wide`). Pure.
 */
import { detailBoxOf, WIDE_SIDE } from '../../hash/detail-box.js';
import { fromBase64url } from '../../../base64url.js';
import { detailBeside, type PageSearch, pageSearchOf, searchPlacement } from './extend-search.js';
import { DETAIL_SIDE, frameScore, type Frame } from '../luma-thumb.js';
import { type DetailQuery, MAX_VERIFIED } from '../detail-verify.js';

/** Gradient correlation of the two boxes at or above which a candidate is an extended copy. */
export const EXTENDED_MIN = 0.9;
/** Rounds of edge moves (each edge one thumbnail cell, 3% of the work) in the framing search. */
const MAX_MOVES = 6;
/**
 * The placement search runs on the first this many candidates of a lookup the detail stage verifies: all of them
 * (MAX_VERIFIED). With the first 6 only, an outpainted portrait on a plain backdrop (bench:robustness portrait 11 at
 * 50% of the area) was verified 8th, after other portraits on the same backdrop, and refused unsearched. A candidate
 * costs the coarse dot products over the placements of its aspect; only those reaching COARSE_FLOOR are refined.
 */
export const MAX_SEARCHED = MAX_VERIFIED;
/**
 * A placement the search names is an outpainting only when the page image beside it carries at most this many times
 * the detail per cell inside it (extend-search.ts `detailBeside`): a fill continues, blurs or invents around the
 * work. An unrelated image can hold a shape the work's outline fits, its detail around it: a grey disc on a
 * checkerboard (d2985) scored 0.939 against a retina photo (w0077) placed on its disc, with 2.8 times the detail
 * beside it. The 108 outpainted copies of the robustness benchmark's 24+12 subset: 1.52 at most at their true place.
 */
export const FILL_DETAIL_MAX = 2;
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
  // Each framing scored once: the edge moves come back to framings already scored (a move undone, the two starts
  // meeting), about 45% of them on corpus page images.
  const scored = new Map<number, number>();
  const score = ([l = 0, t = 0, r = 0, b = 0]: number[]): number => {
    if (r - l < m / 4 || b - t < m / 4 || l < 0 || t < 0 || r > m || b > m) return -1;
    const key = ((l * (m + 1) + t) * (m + 1) + r) * (m + 1) + b;
    let s = scored.get(key);
    if (s === undefined) scored.set(key, (s = frameScore(boxDq.grads, thumb, [l / m, t / m, (r - l) / m, (b - t) / m])));
    return s;
  };
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

/** What the placement search needs: the page image's 32x32 luminance (Query.wide) and both aspects (width / height). */
export interface SearchInput {
  wide: string;
  pageAspect: number;
  workAspect: number;
}

/** What extendedVerdict says when nothing can pass: below any threshold, and no extension. */
const NO_EXTENSION: ExtendedVerdict = { score: -1, placement: [0, 0, 1, 1] };

/**
 * verifyExtended's verdict when it reaches `min` with room around the work, else, with `search`, the placement
 * search's when it reaches `min` and scores higher; otherwise a verdict that does not pass (under `min` or no
 * extension), verifyExtended's when it was worked out.
 */
export function extendedVerdict(boxDq: DetailQuery, box: Box, thumb: Uint8Array, min: number, search?: SearchInput): ExtendedVerdict {
  // Every framing's placement holds the box: a box leaving no room for an extension (EXTENDED_MAX_AREA of the page
  // image or more) cannot pass by its framings, whose score then only matters against a search that would pass.
  const room = box[2] * box[3] < EXTENDED_MAX_AREA - 1e-9;
  const v = room ? verifyExtended(boxDq, box, thumb) : null;
  if (v && v.score >= min && isExtension(v.placement)) return v;
  const page = search ? pageSearchFor(search.wide) : null;
  const s = page && search && searchPlacement(page, thumb, search.pageAspect / search.workAspect);
  if (!page || !s || s.score < min || !isExtension(s.placement) || detailBeside(page, s.placement) > FILL_DETAIL_MAX) return v ?? NO_EXTENSION;
  const framed = v ?? verifyExtended(boxDq, box, thumb);
  return s.score > framed.score ? { score: s.score, placement: s.placement } : framed;
}

/** The last page image searched: a lookup verifies up to MAX_VERIFIED candidates against the same one. */
let lastPage: { wide: string; page: PageSearch | null } | undefined;

/** The placement search's view of a page image (`Query.wide`), or null when malformed. */
function pageSearchFor(wide: string): PageSearch | null {
  if (lastPage?.wide !== wide) {
    let bytes: Uint8Array | null = null;
    try {
      bytes = fromBase64url(wide);
    } catch {
      // not base64url: no search
    }
    lastPage = { wide, page: bytes?.length === WIDE_SIDE * WIDE_SIDE ? pageSearchOf(bytes) : null };
  }
  return lastPage.page;
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
