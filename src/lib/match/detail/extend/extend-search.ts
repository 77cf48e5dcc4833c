/**
 * Where a work sits inside a larger page image (outpainting, issue 22 item 4), searched over scale and position at
 * the work's own aspect (an outpainted copy keeps it): the page image's own luminance (Query.wide, 32x32) is
 * resampled over a candidate placement to the compare grid and its gradients correlated with the whole work's (the
 * measure of detail-verify.ts: the work as is against the page image cropped to it). Coarse to fine: the placements
 * of a grid of sizes and positions 1/16 of the page apart whose aspect is nearest the work's, at 8x8 (the page
 * image's side of each worked out once per query, when first asked for), then the best few refined at 16x16 by
 * scaling and moving the box in halving steps. Pure.
 */
import { COMPARE_SIDE, DETAIL_SIDE, gradients } from '../luma-thumb.js';
import { WIDE_SIDE } from '../../hash/detail-box.js';
import { gradScore, normalisedGradients, quarterTable, renderedScore, sampleAt, summedArea, type Placement } from './extend-sample.js';
import { refine, refineDrawn, trueAspect, type Refined } from './extend-refine.js';

export type { Placement } from './extend-sample.js';

/** Smallest side of the work (share of the page image's, per axis): half the area, extended one way, and a margin. */
const MIN_SIDE = 0.45;
/**
 * Shares of the page image's area the work may cover: at least half, at most a little over 80% (issue 22's 50-80%),
 * with margins. Nearer the whole image the search's freedom lets unrelated pairs through: a figure on black scored
 * 0.919 at 86% against a dark work (w0077) in the robustness benchmark's distractors, 0.839 with 82% at most.
 */
const MIN_AREA = 0.45;
const MAX_AREA = 0.82;
/** Sizes and positions of the coarse pass step by this share of the page image. */
const COARSE_STEP = 1 / 16;
const COARSE_SIDE = 8;
/**
 * Largest difference (ratio) between a placement's aspect in pixels and the work's: a pasted copy keeps the work's
 * aspect up to pixel rounding and the page image's reduction.
 */
export const ASPECT_TOLERANCE = 0.03;
/** Coarse placements refined, the best that are not neighbours of a better one. */
const SEEDS = 3;
/**
 * Coarse placements scoring under this are not refined. Robustness benchmark: the best aspect-true coarse score was
 * 0.705 or more on all 108 outpainted copies of the 24+12 subset; 97% of the pairs of a distractor and a registered work
 * stay under it with every aspect searched.
 */
export const COARSE_FLOOR = 0.6;

/** What the search reads of one page image, worked out once per query. */
export interface PageSearch {
  /** The page image's WIDE_SIDE grid itself, where the work is drawn for the final score (extend-sample.ts `renderedScore`). */
  wide: Uint8Array;
  /** Summed-area table of the WIDE_SIDE grid, (WIDE_SIDE + 1)^2: any rectangle's sum in four reads. */
  table: Float64Array;
  /** The summed-area table at quarter cells, where every coarse placement's cell edges fall. */
  quarter: Float64Array;
  /** Per coarse placement (COARSE), the page's 8x8 gradients over it, normalised (luma-thumb.ts `gradients`)... */
  coarse: Float32Array;
  /** ...once worked out (1). */
  done: Uint8Array;
  /** Per cell of the grid but the last row and column, its gradient magnitude (|dx| + |dy|): where the detail is. */
  energy: Float32Array;
}

/** The coarse grid's placements: sizes from MIN_SIDE to 1 and positions from 0 to the far side, COARSE_STEP apart. */
const COARSE: Placement[] = (() => {
  const sizes: number[] = [];
  for (let k = 0; 1 - k * COARSE_STEP >= MIN_SIDE; k++) sizes.push(1 - k * COARSE_STEP);
  const at = (w: number) => Array.from({ length: Math.round((1 - w) / COARSE_STEP) + 1 }, (_, k) => k * COARSE_STEP);
  const out: Placement[] = [];
  for (const w of sizes) for (const h of sizes) if (w * h >= MIN_AREA && w * h <= MAX_AREA) for (const x of at(w)) for (const y of at(h)) out.push([x, y, w, h]);
  return out;
})();
const COARSE_GRADS = 2 * COARSE_SIDE * (COARSE_SIDE - 1);

/** The search's view of a page image's WIDE_SIDE x WIDE_SIDE luminance. */
export function pageSearchOf(wide: Uint8Array): PageSearch {
  const n = WIDE_SIDE;
  const table = summedArea(wide);
  const energy = new Float32Array(n * n);
  for (let y = 0; y + 1 < n; y++) {
    for (let x = 0; x + 1 < n; x++) energy[y * n + x] = Math.abs(wide[y * n + x + 1]! - wide[y * n + x]!) + Math.abs(wide[(y + 1) * n + x]! - wide[y * n + x]!);
  }
  return { wide, table, quarter: quarterTable(wide), coarse: new Float32Array(COARSE.length * COARSE_GRADS), done: new Uint8Array(COARSE.length), energy };
}

/**
 * The page image's detail beside a placement over its detail inside (mean gradient magnitude per cell, the cells
 * along the placement's edges left out: a fill meets the work there with a step). Infinite when nothing is inside.
 */
export function detailBeside(page: PageSearch, p: Placement): number {
  const n = WIDE_SIDE;
  let inside = 0;
  let ni = 0;
  let beside = 0;
  let nb = 0;
  for (let y = 0; y + 1 < n; y++) {
    // A cell's gradients reach to the next cell's centre: they are placed at the corner between the four.
    const cy = (y + 1) / n;
    for (let x = 0; x + 1 < n; x++) {
      const cx = (x + 1) / n;
      const e = page.energy[y * n + x]!;
      if (cx > p[0] && cx < p[0] + p[2] && cy > p[1] && cy < p[1] + p[3]) {
        inside += e;
        ni++;
      } else if (cx < p[0] - 1 / n || cx > p[0] + p[2] + 1 / n || cy < p[1] - 1 / n || cy > p[1] + p[3] + 1 / n) {
        beside += e;
        nb++;
      }
    }
  }
  if (!nb) return 0;
  return inside > 0 ? beside / nb / (inside / ni) : Infinity;
}

const coarseImg = new Float64Array(COARSE_SIDE * COARSE_SIDE);
const coarseG = new Float64Array(COARSE_GRADS);

/** Coarse placement i's 8x8 gradients of the page image, normalised, worked out when first asked for. */
function coarseAt(page: PageSearch, i: number): number {
  const o = i * COARSE_GRADS;
  if (page.done[i]) return o;
  const { quarter } = page;
  const q = 4 * WIDE_SIDE + 1;
  const n = COARSE_SIDE;
  const scale = 4 * WIDE_SIDE;
  const [x, y, w, h] = COARSE[i]!;
  // Quarter cells: a placement's left edge at x * 4 * WIDE_SIDE, its cells w * 4 * WIDE_SIDE / n wide.
  const x0 = Math.round(x * scale);
  const y0 = Math.round(y * scale);
  const cw = Math.round((w * scale) / n);
  const ch = Math.round((h * scale) / n);
  for (let j = 0; j < n; j++) {
    const r0 = (y0 + j * ch) * q;
    const r1 = r0 + ch * q;
    for (let k = 0; k < n; k++) {
      const c0 = x0 + k * cw;
      coarseImg[j * n + k] = quarter[r1 + c0 + cw]! - quarter[r0 + c0 + cw]! - quarter[r1 + c0]! + quarter[r0 + c0]!;
    }
  }
  normalisedGradients(coarseImg, n, coarseG);
  page.coarse.set(coarseG, o);
  page.done[i] = 1;
  return o;
}

/**
 * The coarse placements of a work whose aspect makes height = `ratio` * width in shares of the page image (the page
 * image's aspect over the work's): those whose height is the nearest grid size to it, or whose width is.
 */
function coarseFor(ratio: number): number[] {
  if (lastCoarse?.ratio === ratio) return lastCoarse.at;
  const at: number[] = [];
  COARSE.forEach(([, , w, h], i) => Math.abs(h - w * ratio) < COARSE_STEP * Math.max(1, ratio) - 1e-9 && at.push(i));
  lastCoarse = { ratio, at };
  return at;
}
let lastCoarse: { ratio: number; at: number[] } | undefined;

/** The work's thumbnail averaged down to n x n (n divides DETAIL_SIDE), its gradients normalised. */
export function workGradients(thumb: Uint8Array, n: number): Float32Array {
  const shift = Math.log2(DETAIL_SIDE / n);
  const img = new Float32Array(n * n);
  for (let y = 0; y < DETAIL_SIDE; y++) for (let x = 0; x < DETAIL_SIDE; x++) img[(y >> shift) * n + (x >> shift)]! += thumb[y * DETAIL_SIDE + x]!;
  return gradients(img, n);
}

export interface Placed extends Refined {
  /** The best coarse score. */
  coarse: number;
}

/**
 * Whether the search may name a placement: inside the page image, each side at least MIN_SIDE, its area in range,
 * its aspect the work's (`ratio`: coarseFor's) within ASPECT_TOLERANCE.
 */
const valid = (p: Placement, ratio: number) => Math.abs(Math.log(p[3] / (p[2] * ratio))) <= Math.log(1 + ASPECT_TOLERANCE) + 1e-9 && p[2] >= MIN_SIDE && p[3] >= MIN_SIDE && p[2] * p[3] >= MIN_AREA && p[2] * p[3] <= MAX_AREA && p[0] >= -1e-9 && p[1] >= -1e-9 && p[0] + p[2] <= 1 + 1e-9 && p[1] + p[3] <= 1 + 1e-9;

const coarseScores = new Float32Array(COARSE.length);

/**
 * The best placement of the work (its 32x32 thumbnail) in the page image at the work's aspect (`ratio`: the page
 * image's aspect over the work's), and its score at 16x16; refined only from coarse placements scoring `floor` or
 * more (none: the work is not there).
 */
export function searchPlacement(page: PageSearch, thumb: Uint8Array, ratio: number, floor = COARSE_FLOOR): Placed {
  const g8 = workGradients(thumb, COARSE_SIDE);
  const { coarse } = page;
  const tried = coarseFor(ratio);
  let top = -1;
  for (const i of tried) {
    const o = coarseAt(page, i);
    let dot = 0;
    for (let k = 0; k < COARSE_GRADS; k++) dot += g8[k]! * coarse[o + k]!;
    coarseScores[i] = dot;
    top = Math.max(top, dot);
  }
  const starts: Placement[] = [];
  while (starts.length < SEEDS) {
    let at = -1;
    for (const i of tried) {
      if (coarseScores[i]! >= floor && (at < 0 || coarseScores[i]! > coarseScores[at]!)) at = i;
    }
    if (at < 0) break;
    const p = COARSE[at]!;
    starts.push(p);
    // Its neighbours are the same start.
    for (const i of tried) if (COARSE[i]!.every((v, k) => Math.abs(v - p[k]!) <= COARSE_STEP + 1e-9)) coarseScores[i] = -2;
  }
  if (!starts.length) return { score: -1, placement: [0, 0, 1, 1], coarse: top };
  const g16 = workGradients(thumb, COMPARE_SIDE);
  const score = (p: Placement) => (valid(p, ratio) ? gradScore(g16, sampleAt(page.table, p, COMPARE_SIDE), COMPARE_SIDE) : -1);
  let best: Placed = { score: -1, placement: [0, 0, 1, 1], coarse: top };
  for (const start of starts) {
    const r = refine(trueAspect(start, ratio), ratio, score);
    if (r.score > best.score) best = { ...r, coarse: top };
  }
  if (best.score < 0) return best;
  // The work drawn into the page's own grid at the best placement, itself refined: the higher of the two decides (drawn
  // alone lost three bench copies at 80% of the area whose 16x16 score passed).
  const work = summedArea(thumb);
  const drawn = refineDrawn(best.placement, (p) => (valid(p, ratio) ? renderedScore(page.wide, work, p) : -1));
  return drawn.score > best.score ? { ...drawn, coarse: top } : best;
}
