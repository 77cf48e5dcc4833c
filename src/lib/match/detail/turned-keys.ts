/**
 * Detail keys (detail-key.ts) of a page image read as a turned copy: the work's 8x8 key grid sampled from the query's
 * 16x16 luminance through a small rotation, for the two ways a turned copy is framed (the canvas holds the whole
 * turned work, or the copy is cropped to the largest rectangle with no fill and so is a zoom of the work). A copy
 * turned by 5 degrees moves the plain key, and the flat-corner key (flat-corners.ts), past KEY_MAX from its work's
 * stored key, so it never became a candidate; read back into the work's frame it comes near again. Only the 6x6
 * inner cells are compared: the outer ones hold the fill or lie outside the copy. Query side only, looked up in the
 * existing key index: nothing is stored for it. Pure.
 */
import { detailKey } from './detail-key.js';
import { INNER } from './flat-corners.js';

const N = 16;
/** Turns tried, in degrees (a copy turned by 2 degrees keeps its plain key). */
export const TURNS = [-5, 5] as const;
/**
 * Largest key distance for a turned key's candidate, below KEY_MAX: copies turned 5 degrees that come within KEY_MAX
 * come within 0.08 (bench/rotated-misses.ts), and four keys at KEY_MAX brought many unrelated works into the
 * verification at a million fingerprints (docs/benchmarks.md).
 */
export const TURNED_MAX = 0.1;

/** Bilinear sample of a 16x16 luminance at (x, y) in its cells (clamped to the image). */
function sample(l: ArrayLike<number>, x: number, y: number): number {
  const fx = Math.min(N - 1.001, Math.max(0, x - 0.5));
  const fy = Math.min(N - 1.001, Math.max(0, y - 0.5));
  const ix = Math.floor(fx);
  const iy = Math.floor(fy);
  const wx = fx - ix;
  const wy = fy - iy;
  const o = iy * N + ix;
  const a = l[o]! * (1 - wx) + l[o + 1]! * wx;
  const b = l[o + N]! * (1 - wx) + l[o + N + 1]! * wx;
  return a * (1 - wy) + b * wy;
}

/**
 * The work's 8x8 grid as a page image of aspect `pageAspect` shows it turned by `angle` degrees, framed `whole` or
 * `fit`; null when no work of that framing gives the page's aspect. Each cell is the mean of four samples a quarter
 * cell around its centre.
 */
export function turnedGrid(luma16: ArrayLike<number>, pageAspect: number, angle: number, framing: 'whole' | 'fit'): Float32Array | null {
  const t = (angle * Math.PI) / 180;
  const [c, s] = [Math.cos(t), Math.sin(t)];
  const [as, ac] = [Math.abs(s), Math.abs(c)];
  const A = pageAspect;
  // The work's aspect and the page's sides in units of the work's height (as detail-rotate.ts rotatedGrid).
  const a = framing === 'whole' ? (A * ac - as) / (ac - A * as) : A;
  if (!(a > 0) || !Number.isFinite(a)) return null;
  const k = framing === 'fit' ? Math.min(a / (a * ac + as), 1 / (a * as + ac)) : 1;
  const W = framing === 'whole' ? a * ac + as : a * k;
  const H = framing === 'whole' ? a * as + ac : k;
  const g = new Float32Array(64);
  for (let gy = 0; gy < 8; gy++) {
    for (let gx = 0; gx < 8; gx++) {
      let sum = 0;
      for (const [dx, dy] of [[-1, -1], [1, -1], [-1, 1], [1, 1]] as const) {
        const X = ((gx + 0.5 + dx / 4) / 8 - 0.5) * a;
        const Y = (gy + 0.5 + dy / 4) / 8 - 0.5;
        // Work to page: the inverse of rotatedGrid's page-to-work turn.
        const u = c * X - s * Y;
        const v = s * X + c * Y;
        sum += sample(luma16, (u / W + 0.5) * N, (v / H + 0.5) * N);
      }
      g[gy * 8 + gx] = sum / 4;
    }
  }
  return g;
}

/** The inner keys of a query's 16x16 luminance read as the work turned by each of TURNS, whole and cropped to fit. */
export function turnedKeys(luma16: ArrayLike<number>, pageAspect: number | undefined): Uint32Array[] {
  if (!pageAspect || !Number.isFinite(pageAspect) || pageAspect <= 0) return [];
  const out: Uint32Array[] = [];
  for (const angle of TURNS) {
    for (const framing of ['whole', 'fit'] as const) {
      const g = turnedGrid(luma16, pageAspect, angle, framing);
      if (g) out.push(detailKey(g, undefined, 0, INNER));
    }
  }
  return out;
}
