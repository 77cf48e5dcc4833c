/**
 * The region finder: from the per-cell difference of the aligned comparison (aligned.ts), the changed regions of
 * the 16x16 grid as boxes. A redrawn patch rarely differs in every cell it covers (parts of it may keep the
 * original's brightness), so changed cells closer than two cells apart are grouped, and each group's box is that
 * of its changed cells. Pure.
 */
import { COMPARE_SIDE } from '../detail/luma-thumb.js';
import type { GridRect } from './via.js';

const N = COMPARE_SIDE;
/** A group needs this many changed cells to be a region (a lone cell is misalignment or noise). */
export const REGION_MIN_CELLS = 3;

/** Boxes ([row, column, height, width]) around the groups of changed cells, largest first. */
export function changedRegions(changed: Uint8Array, minCells = REGION_MIN_CELLS): GridRect[] {
  const group = new Int32Array(N * N).fill(-1);
  const out: { rect: GridRect; cells: number }[] = [];
  for (let start = 0; start < N * N; start++) {
    if (!changed[start] || group[start]! >= 0) continue;
    const id = out.length;
    const stack = [start];
    group[start] = id;
    let [r0, c0, r1, c1, cells] = [N, N, -1, -1, 0];
    while (stack.length) {
      const i = stack.pop()!;
      const y = Math.floor(i / N);
      const x = i % N;
      [r0, c0, r1, c1, cells] = [Math.min(r0, y), Math.min(c0, x), Math.max(r1, y), Math.max(c1, x), cells + 1];
      // Neighbours up to two cells away (a gap of one unchanged cell does not split a patch).
      for (let dy = -2; dy <= 2; dy++) {
        for (let dx = -2; dx <= 2; dx++) {
          const yy = y + dy;
          const xx = x + dx;
          if (yy < 0 || yy >= N || xx < 0 || xx >= N) continue;
          const j = yy * N + xx;
          if (changed[j] && group[j]! < 0) {
            group[j] = id;
            stack.push(j);
          }
        }
      }
    }
    out.push({ rect: [r0, c0, r1 - r0 + 1, c1 - c0 + 1], cells });
  }
  return out
    .filter((g) => g.cells >= minCells)
    .sort((a, b) => b.cells - a.cells)
    .map((g) => g.rect);
}
