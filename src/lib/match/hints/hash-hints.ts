/**
 * The change hints a match gets without the aligned comparison: from how the hash matched (`hashHints`, for lists
 * without thumbnails), and the file hashes' word on any match's hints (`fileHints`); with the boxes in the page
 * image's pixels that hints.ts shares. Pure.
 */
import { COMPARE_SIDE } from '../detail/luma-thumb.js';
import type { Query } from '../hash/query.js';
import type { Change, MatchHints, PixelBox } from '../../types.js';
import type { GridRect, Via } from './via.js';
import type { WorkTraits } from './work-traits.js';

const N = COMPARE_SIDE;
/** Shares [x, y, width, height] of an image. */
export type Box = readonly [number, number, number, number];
export const WHOLE: Box = [0, 0, 1, 1];

/** The page image's size, or the hash input's when the caller did not know it. */
export function sizeOf(q: Query): MatchHints['size'] {
  return q.size ? { width: q.size.width, height: q.size.height } : { width: 256, height: 256 };
}

/** A box given as shares [x, y, width, height] of `within` (itself shares of the image), in the image's pixels. */
export function toPixels(b: Box, within: Box, size: MatchHints['size']): PixelBox {
  const x0 = Math.round((within[0] + b[0] * within[2]) * size.width);
  const y0 = Math.round((within[1] + b[1] * within[3]) * size.height);
  const x1 = Math.round((within[0] + (b[0] + b[2]) * within[2]) * size.width);
  const y1 = Math.round((within[1] + (b[1] + b[3]) * within[3]) * size.height);
  return { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
}

export const gridShares = ([r, c, h, w]: GridRect): Box => [c / N, r / N, w / N, h / N];

export const cropChange = (crop: readonly number[]): Extract<Change, { kind: 'cropped' }> => {
  const [left, top, right, bottom] = crop.map((v) => Math.round(v * 1000) / 1000) as [number, number, number, number];
  return { kind: 'cropped', sides: { top, right, bottom, left } };
};

/** Hints from how the hash matched, for matches with no detail to compare (lists without thumbnails). */
export function hashHints(q: Query, via: Via, distance: number): MatchHints {
  const size = sizeOf(q);
  const inside = via.trimmed && q.trimmedBox ? q.trimmedBox : WHOLE;
  const changes: Change[] = [];
  if (via.flip) changes.push({ kind: 'mirrored', axis: via.flip });
  if (via.crop) changes.push(cropChange(via.crop));
  if (via.trimmed) changes.push({ kind: 'border', box: toPixels(WHOLE, inside, size) });
  if (via.rect) changes.push({ kind: 'redrawn', regions: [toPixels(gridShares(via.rect), inside, size)] });
  if (!changes.length) changes.push(distance > 0 ? { kind: 'resized' } : { kind: 'same' });
  return { changes, similarity: Math.round((1 - distance / 256) * 100), decidedBy: 'hash', size };
}

/**
 * The file hashes' word on a match's hints, when the query and the work's record both carry one: the same bytes are
 * the registered file (`same`, flagged identical, similarity 100; a change the comparison read into them is
 * noise); other bytes it saw no change in were re-saved ("resized or recompressed"). Else the hints as they are.
 */
export function fileHints(h: MatchHints, q: Query, work: WorkTraits | undefined): MatchHints {
  if (!q.sha256 || !work?.sha256) return h;
  if (q.sha256 === work.sha256) return { ...h, changes: [{ kind: 'same' }], similarity: 100, identical: true };
  return h.changes.length === 1 && h.changes[0]!.kind === 'same' ? { ...h, changes: [{ kind: 'resized' }] } : h;
}
