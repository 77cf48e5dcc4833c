/**
 * A detail key (detail-key.ts) for a page image whose corners hold a flat fill: a copy turned by a few degrees on a
 * canvas holding all of it has wedges of white, black or transparent (flattened to white) along every side, which
 * move the plain key's outer bits far enough that the copy's distance to its work passed KEY_MAX and it never became
 * a candidate. This key compares only the differences between the 6x6 inner cells of the 8x8 key grid, where the
 * turned work still lies; the verification that decides (detail-rotate.ts) is unchanged. Query side only: nothing
 * is stored for it. Pure.
 */
import { detailKey, grid8 } from '../detail-key.js';

const N = 16;
/** Largest luminance difference (0-255) between two cells of one flat fill. */
const SPREAD = 8;

/** The 6x6 inner cells of the 8x8 key grid. */
export const INNER = (() => {
  const keep = new Uint8Array(64);
  for (let y = 1; y < 7; y++) for (let x = 1; x < 7; x++) keep[y * 8 + x] = 1;
  return keep;
})();

/**
 * Whether two opposite corners of a 16x16 luminance hold one flat fill: equal within SPREAD, each continued by a
 * neighbour along an edge. A landscape copy turned on a canvas fills two opposite corner cells fully and the other
 * two partly (their wedges are under a cell wide there), so two are enough.
 */
export function flatCorners(luma16: ArrayLike<number>): boolean {
  const at = (x: number, y: number) => luma16[y * N + x]!;
  const near = (a: number, b: number) => Math.abs(a - b) <= SPREAD;
  const continued = (x: number, y: number, dx: number, dy: number) => near(at(x + dx, y), at(x, y)) || near(at(x, y + dy), at(x, y));
  const L = N - 1;
  return (near(at(0, 0), at(L, L)) && continued(0, 0, 1, 1) && continued(L, L, -1, -1)) || (near(at(L, 0), at(0, L)) && continued(L, 0, -1, 1) && continued(0, L, 1, -1));
}

/** The inner key of a query's 16x16 luminance when its corners hold a flat fill, else nothing. */
export function ringlessKeys(luma16: ArrayLike<number>): Uint32Array[] {
  return flatCorners(luma16) ? [detailKey(grid8(luma16, N), undefined, 0, INNER)] : [];
}
