/**
 * "Border added" told from "cropped" when the work has a plain band of its own (issue 22 item 1).
 * An added border is uniform and new; a band of the work is in the work. The query's trimmed box (hash/trim.ts:
 * every line outside it is one plain colour) can stop short of the work where the work's own edge is as plain as
 * the border, and the comparison inside it then finds a crop framing: a border, not a crop, when the page image
 * shows the left-out bands of the work where they belong. Pure.
 */
import { sampleArea } from './aligned.js';
import type { DetailQuery, Framing } from '../detail/detail-verify.js';

type Box = readonly [number, number, number, number];

/** Shares of a side the whole work's box may overreach the page image by (the framings step by 3-4% of a side). */
export const BOX_SLACK = 0.02;
/**
 * Mean luminance difference (0-255) allowed between a band of the work a crop framing left out and the page
 * image where that band would sit: the trim tolerates 24 levels a channel (hash/trim.ts TOLERANCE).
 */
export const BAND_MATCH = 16;

/**
 * Mean of the cells of the 16x16 grid `g` (shares of its image) whose centres fall inside `b` (`whole`: whose
 * footprints lie wholly inside it); null if none.
 */
function meanIn(g: ArrayLike<number>, b: Box, n: number, whole = false): number | null {
  let sum = 0;
  let k = 0;
  const e = 1e-9;
  for (let y = 0; y < n; y++) {
    const [y0, y1] = whole ? [y / n, (y + 1) / n] : [(y + 0.5) / n, (y + 0.5) / n];
    if (y0 < b[1] - e || y1 > b[1] + b[3] + e) continue;
    for (let x = 0; x < n; x++) {
      const [x0, x1] = whole ? [x / n, (x + 1) / n] : [(x + 0.5) / n, (x + 0.5) / n];
      if (x0 < b[0] - e || x1 > b[0] + b[2] + e) continue;
      sum += g[y * n + x]!;
      k++;
    }
  }
  return k ? sum / k : null;
}

/**
 * The whole work's box in the page image when a crop framing inside the query's trimmed box (`within`) left out
 * bands of the work that the page image shows where they belong (the trim took them for border): each left-out
 * band of the work (`thumb` through `framing`) has the mean luminance of the page image (`whole`) at its place, and
 * that place is inside the page image. Null when a band is missing or differs: then the copy was cropped.
 */
export function bandsInBorder(whole: DetailQuery, thumb: Uint8Array, framing: Framing, within: Box, n: number): Box | null {
  const [fx, fy, fw, fh] = framing.frame;
  if (framing.flip) return null;
  // The whole work in the page image's shares: `within` shows the frame [fx, fy, fw, fh] of the work.
  const w = within[2] / fw;
  const h = within[3] / fh;
  const box: Box = [within[0] - fx * w, within[1] - fy * h, w, h];
  if (box[0] < -BOX_SLACK || box[1] < -BOX_SLACK || box[0] + box[2] > 1 + BOX_SLACK || box[1] + box[3] > 1 + BOX_SLACK) return null;
  // Each left-out band: [its frame in the work, its place in the page image].
  const bands: [Box, Box][] = [];
  if (fx > 0) bands.push([[0, 0, fx, 1], [box[0], box[1], fx * w, h]]);
  if (fy > 0) bands.push([[0, 0, 1, fy], [box[0], box[1], w, fy * h]]);
  if (fx + fw < 1) bands.push([[fx + fw, 0, 1 - fx - fw, 1], [within[0] + within[2], box[1], (1 - fx - fw) * w, h]]);
  if (fy + fh < 1) bands.push([[0, fy + fh, 1, 1 - fy - fh], [box[0], within[1] + within[3], w, (1 - fy - fh) * h]]);
  for (const [inWork, inPage] of bands) {
    const s = sampleArea(thumb, inWork);
    const workMean = s.reduce((a, v) => a + v, 0) / s.length;
    const pageMean = meanIn(whole.luma, inPage, n);
    if (pageMean === null || Math.abs(workMean - pageMean) > BAND_MATCH) return null;
  }
  return box;
}

/**
 * Whether the plain bands around the query's trimmed box (`within`, shares of the page image) are of different
 * colours on different sides (mean luminance over the grid's cells, by more than twice BAND_MATCH): an added border
 * is one colour all round, a work's edges continued outward (outpainting) are each their own edge's colour. A band
 * is read from the cells wholly inside it when it has any: a cell whose centre is in a band 1.3-1.9 cells thick is
 * up to half the work's edge, and a black border around a work with white edges read 40 levels apart by side.
 */
export function bandsDiffer(whole: DetailQuery, within: Box, n: number): boolean {
  const [x, y, w, h] = within;
  const sides: Box[] = [[0, 0, x, 1], [0, 0, 1, y], [x + w, 0, 1 - x - w, 1], [0, y + h, 1, 1 - y - h]];
  const means = sides.filter((b) => b[2] > 0 && b[3] > 0).map((b) => meanIn(whole.luma, b, n, true) ?? meanIn(whole.luma, b, n)).filter((m): m is number => m !== null);
  return means.length > 1 && Math.max(...means) - Math.min(...means) > 2 * BAND_MATCH;
}

/**
 * Spread (0-255) allowed between the grid's cells wholly outside the work's box for the surround to be one added
 * border: a border of one colour keeps its cells within 1-2 levels through JPEG.
 */
export const BORDER_SPREAD = 8;

/**
 * Whether the grid's cells wholly outside the whole work's box (`box`, shares of the page image) are one colour, as
 * an added border is (true when no cell is). A diagonal gradient generated around a work whose own edge rows are
 * plain (a vertical gradient backdrop) passes the trim row by row, yet spreads by 11 levels or more over its cells.
 */
export function surroundOneColour(whole: DetailQuery, box: Box, n: number): boolean {
  return surroundSpread(whole, box, n).spread <= BORDER_SPREAD;
}

/**
 * Whether a placed work (`box`, shares of the page image) sits inside an added border: a surround of one colour (at
 * least MIN_SURROUND cells wholly outside the box, all within BORDER_SPREAD) that the query's trim (`trimmed`, hash/
 * trim.ts) stopped at the box's edge on MIN_STOPS sides with a margin, where the work's edge differs from it. A work on a
 * plain backdrop outpainted by continuing its edges is surrounded by one colour too, but that is its own edges'
 * colour: the trim runs on into the work but where the figure touches an edge.
 */
export function plainSurround(whole: DetailQuery, box: Box, trimmed: Box | undefined, n: number): boolean {
  if (!trimmed) return false;
  const { cells, spread } = surroundSpread(whole, box, n);
  if (cells < MIN_SURROUND || spread > BORDER_SPREAD) return false;
  const near = (a: number, b: number) => Math.abs(a - b) <= EDGE_SLACK;
  const [x, y, w, h] = box;
  const [tx, ty, tw, th] = trimmed;
  const margin = 1 / n;
  const stops = [x >= margin && near(tx, x), y >= margin && near(ty, y), 1 - x - w >= margin && near(tx + tw, x + w), 1 - y - h >= margin && near(ty + th, y + h)];
  return stops.filter(Boolean).length >= MIN_STOPS;
}

/**
 * Sides on which the trim must stop at the box: a figure touching one edge of a work on a plain backdrop stops it on
 * that side of an outpainted copy too.
 */
export const MIN_STOPS = 2;

/** Shares of a side the trim's edge and the placement's may differ by (the placement steps by 1/128, the trim 1/256). */
export const EDGE_SLACK = 1 / 32;

/** A border a cell wide along one side of the 16x16 grid. */
export const MIN_SURROUND = 16;

/** How many of the grid's cells lie wholly outside `box`, and the spread of their luminance. */
function surroundSpread(whole: DetailQuery, box: Box, n: number): { cells: number; spread: number } {
  let lo = 255;
  let hi = 0;
  let cells = 0;
  for (let y = 0; y < n; y++) {
    for (let x = 0; x < n; x++) {
      const outside = (x + 1) / n <= box[0] || x / n >= box[0] + box[2] || (y + 1) / n <= box[1] || y / n >= box[1] + box[3];
      if (!outside) continue;
      [lo, hi] = [Math.min(lo, whole.luma[y * n + x]!), Math.max(hi, whole.luma[y * n + x]!)];
      cells++;
    }
  }
  return { cells, spread: cells ? hi - lo : 0 };
}
