/**
 * A coloured mark in a corner that the luminance comparison cannot see: a red badge laid on a backdrop of about its
 * luminance (a portrait's radial gradient) moves no cell of the 16x16 luminance grid, but the cells of the 8x8
 * chroma grid under it by 39-49 levels, where untouched and recompressed copies move them by 0-2. Looked for only on
 * an exact comparison (hints.ts: the whole frame, no colour change, nothing redrawn), in the corners. Pure.
 */
import { CHROMA_SIDE } from '../detail/chroma-thumb.js';
import { COMPARE_SIDE } from '../detail/luma-thumb.js';
import type { Flip } from '../hash/flip.js';
import { isCornerMark } from './marks.js';
import { changedRegions } from './regions.js';
import type { GridRect } from './via.js';

/** A chroma cell differs when its Cb/Cr moved by more than this (levels): 6 times what JPEG q30 moved any. */
export const CHROMA_MARK = 12;

/** Corner boxes (16x16 grid cells) where the query's chroma grid differs from the work's (mirrored by `flip`). */
export function chromaCornerMarks(q: Int16Array, work: Int16Array, flip?: Flip): GridRect[] {
  const C = CHROMA_SIDE;
  const N = COMPARE_SIDE;
  const k = N / C;
  const h = flip === 'h' || flip === 'hv';
  const v = flip === 'v' || flip === 'hv';
  const changed = new Uint8Array(N * N);
  for (let i = 0; i < C; i++) {
    for (let j = 0; j < C; j++) {
      const w = ((v ? C - 1 - i : i) * C + (h ? C - 1 - j : j)) * 2;
      const d = Math.hypot(q[2 * (i * C + j)]! - work[w]!, q[2 * (i * C + j) + 1]! - work[w + 1]!);
      if (d <= CHROMA_MARK) continue;
      for (let y = i * k; y < (i + 1) * k; y++) for (let x = j * k; x < (j + 1) * k; x++) changed[y * N + x] = 1;
    }
  }
  return changedRegions(changed).filter(isCornerMark);
}
