/**
 * Detail keys (detail-key.ts) of a page image read as a turned copy: the work's 8x8 key grid sampled from the query's
 * 16x16 luminance through a small rotation. A copy turned by 5 degrees on white moves the plain key, and the
 * flat-corner key (flat-corners.ts), past KEY_MAX from its work's stored key, so it never became a candidate; read
 * back into the work's frame it comes near again. Only the 6x6 inner cells are compared (the outer ones mix the fill
 * in). A page whose corners hold a flat fill (`flatCorners`) is read as the whole work turned on a canvas
 * (`turnedKeys`), any other as a work turned and cropped to fit (`fitKeys`): each key leaves about half its bits
 * unreliable, which the key index pays for in probes, so a page gets one kind or the other. Query side only, looked up
 * in the existing key index: nothing is stored for it. Pure.
 */
import { detailKey } from '../detail-key.js';
import { flatCorners, INNER } from './flat-corners.js';
import { croppedFit, type TurnedFrame, turnedFit } from './turned-frame.js';

const N = 16;
/** Turns tried, in degrees (a copy turned by 2 degrees keeps its plain key). */
export const TURNS = [-5, 5] as const;
/**
 * Largest key distance for a turned key's candidate, below KEY_MAX: copies turned 5 degrees that come within KEY_MAX
 * come within 0.08 (bench/rotated-misses.ts); the looser a key's candidates, the more unrelated works are verified.
 */
export const TURNED_MAX = 0.1;
/**
 * Buckets each fit key probes in the key index (key-index.ts, its most reliable tables first): every page of known
 * size without flat corners makes two, and only a near-exact agreement (TURNED_MAX) is kept, which any table finds.
 */
export const FIT_KEY_BUDGET = 512;

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

/** The four samples a quarter cell around a cell's centre (made once: a literal in the loop was made per cell). */
const QUARTERS = [[-1, -1], [1, -1], [-1, 1], [1, 1]] as const;

/**
 * The work's 8x8 grid as a page image shows it in `frame` (turned-frame.ts `turnedFit`: holding all of it turned;
 * `croppedFit`: turned and cropped to fit, where the inner cells still lie inside the page). Each cell is the mean of
 * four samples a quarter cell around its centre.
 */
export function turnedGrid(luma16: ArrayLike<number>, frame: TurnedFrame): Float32Array {
  const { c, s, a, W, H } = frame;
  const g = new Float32Array(64);
  for (let gy = 0; gy < 8; gy++) {
    for (let gx = 0; gx < 8; gx++) {
      let sum = 0;
      for (const [dx, dy] of QUARTERS) {
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

/** The inner keys of a query's 16x16 luminance read as the whole work turned by each of TURNS, when its corners hold a flat fill. */
export function turnedKeys(luma16: ArrayLike<number>, pageAspect: number | undefined): Uint32Array[] {
  if (!pageAspect || !Number.isFinite(pageAspect) || pageAspect <= 0 || !flatCorners(luma16)) return [];
  const out: Uint32Array[] = [];
  for (const angle of TURNS) {
    const frame = turnedFit(pageAspect, angle);
    if (frame) out.push(detailKey(turnedGrid(luma16, frame), undefined, 0, INNER));
  }
  return out;
}

/**
 * The inner keys of a query's 16x16 luminance read as a work turned by each of TURNS and cropped to fit, when its
 * corners hold no flat fill (a copy cropped to fit has none; a turned one on a canvas gets `turnedKeys`): w0079 turned
 * 5 degrees and cropped to fit was no candidate, its plain key 0.31 from its work's, this one 0.00.
 */
export function fitKeys(luma16: ArrayLike<number>, pageAspect: number | undefined): Uint32Array[] {
  if (!pageAspect || !Number.isFinite(pageAspect) || pageAspect <= 0 || flatCorners(luma16)) return [];
  return TURNS.map((angle) => detailKey(turnedGrid(luma16, croppedFit(pageAspect, angle)), undefined, 0, INNER));
}
