/**
 * Telling an overlaid mark (a watermark, a caption, a logo: text or a small shape laid over the image, usually along
 * an edge or in a corner) from a redrawn region (content regenerated in place: an object-shaped patch) among the
 * changed regions of the aligned comparison (regions.ts). At the 16x16 grid compared a line of text is a strip one
 * or two cells high across much of the width, and a corner logo a few cells at the border; a regenerated object
 * covers a blob of cells. A strip is a mark wherever it lies (a caption along an edge, a stamp across the middle); a
 * small patch only near an edge or corner (in the middle it is as likely a redrawn detail). Decided from a region's
 * shape and place only. Pure.
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

/** Whether a changed region ([row, column, height, width]) is shaped and placed like an overlaid mark. */
export function isMark([r, c, h, w]: GridRect): boolean {
  const thick = Math.min(h, w);
  if (thick <= STRIP_CELLS && Math.max(h, w) >= STRIP_ASPECT * thick) return true;
  const nearEdge = r < EDGE_BAND || c < EDGE_BAND || r + h > N - EDGE_BAND || c + w > N - EDGE_BAND;
  return nearEdge && h * w <= SMALL_CELLS;
}

/** The changed regions split into overlaid marks and redrawn regions. */
export function splitMarks(regions: readonly GridRect[]): { marks: GridRect[]; redrawn: GridRect[] } {
  const marks: GridRect[] = [];
  const redrawn: GridRect[] = [];
  for (const r of regions) (isMark(r) ? marks : redrawn).push(r);
  return { marks, redrawn };
}
