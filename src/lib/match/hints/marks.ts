/**
 * Telling an overlaid mark (a watermark, a caption, a logo: text or a small shape laid over the image, usually along
 * an edge or in a corner) from a redrawn region (content regenerated in place: an object-shaped patch) among the
 * changed regions of the aligned comparison (regions.ts). At the 16x16 grid compared a line of text is a strip one
 * or two cells high across much of the width, and a corner logo a few cells at the border; a regenerated object
 * covers a blob of cells. A strip is a mark wherever it lies (a caption along an edge, a stamp across the middle); a
 * small patch only near an edge (9 cells at most) or in a corner (16: a badge; in the middle it is as likely a
 * redrawn detail). Decided from a region's shape and place only. Pure.
 */
import { COMPARE_SIDE } from '../detail/luma-thumb.js';
import type { GridRect } from './via.js';

const N = COMPARE_SIDE;
/** A strip: at most this many cells thick... */
export const STRIP_CELLS = 3;
/** ...and at least this many times longer than thick. */
export const STRIP_ASPECT = 3;
/** A small mark: at most this many cells in its box. */
export const SMALL_CELLS = 9;
/** A small mark lies within this many cells of an edge of the image (its box touches that band). */
export const EDGE_BAND = 3;

/**
 * A corner mark: at most this many cells in its box (1/16 of the image; a badge 22% of the width covers 3x4 cells
 * of a landscape photo, 4x5 with the cells its edges touch)...
 */
export const CORNER_CELLS = 16;
/** ...and its box within this many cells of two sides that meet (a replaced tenth of the image is 5x5 cells). */
export const CORNER_BAND = 2;

/** Whether a region sits in a corner of the image and is no larger than a badge. */
export function isCornerMark([r, c, h, w]: GridRect): boolean {
  const rowSide = r < CORNER_BAND || r + h > N - CORNER_BAND;
  const colSide = c < CORNER_BAND || c + w > N - CORNER_BAND;
  return rowSide && colSide && h * w <= CORNER_CELLS;
}

/** Whether a changed region ([row, column, height, width]) is shaped and placed like an overlaid mark. */
export function isMark(rect: GridRect): boolean {
  const [r, c, h, w] = rect;
  const thick = Math.min(h, w);
  if (thick <= STRIP_CELLS && Math.max(h, w) >= STRIP_ASPECT * thick) return true;
  const nearEdge = r < EDGE_BAND || c < EDGE_BAND || r + h > N - EDGE_BAND || c + w > N - EDGE_BAND;
  return (nearEdge && h * w <= SMALL_CELLS) || isCornerMark(rect);
}

/**
 * The changed regions split into overlaid marks and redrawn regions. `local`: the match was found outside one
 * rectangle, where only a corner badge is a mark (a strip there is as likely part of the redrawn patch).
 */
export function splitMarks(regions: readonly GridRect[], local = false): { marks: GridRect[]; redrawn: GridRect[] } {
  const marks: GridRect[] = [];
  const redrawn: GridRect[] = [];
  for (const r of regions) ((local ? isCornerMark(r) : isMark(r)) ? marks : redrawn).push(r);
  return { marks, redrawn };
}
