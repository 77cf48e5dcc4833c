/**
 * Turned hash probes (issue 22 item 4): a page image whose corners hold a flat fill (flat-corners.ts) may be a work
 * turned by a few degrees on a canvas holding all of it. Its whole-image fingerprint then sits far from every stored
 * one, and its detail keys too (w0077 turned 5 degrees on white was never a candidate); turned back and cut to the
 * work it comes near again. These are the fingerprints of the page's reduced copy read as such a work turned by each
 * of TURNS, looked up in the fingerprint index as candidates for the detail stage only (prepare.ts): verification
 * decides as for any candidate (turned-lookup.ts). Computed with the query (hash/query.ts), only for flat-corner pages.
 * Pure.
 */
import { blockhashExact, type RgbaPixels } from '../../hash/fingerprint.js';
import { bytesOf } from '../../hash/pixels.js';

/** Turns tried, in degrees (a copy turned by 2 degrees keeps its plain hash near enough: bench:robustness). */
export const HASH_TURNS = [-5, 5] as const;
/** Side of the turned copy hashed: 8x8 samples per blockhash block, each about a 2x2 area of the 256x256 page. */
const SIDE = 128;

/** The mean of R, G and B of square RGBA pixels: all blockhash reads of them, sampled as one plane, not three. */
export function greyPlane(px: RgbaPixels): Float32Array {
  const src = bytesOf(px.data);
  const plane = new Float32Array(px.width * px.height);
  for (let k = 0; k < plane.length; k++) plane[k] = (src[4 * k]! + src[4 * k + 1]! + src[4 * k + 2]!) / 3;
  return plane;
}

/**
 * A whole work turned by `angle` degrees inside a page image of aspect `pageAspect`: the turn's cosine and sine, the
 * work's aspect `a` and the page's sides `W` x `H` in units of the work's height (as detail-rotate.ts rotatedGrid,
 * `whole`); null when no work gives the page's aspect so turned.
 */
export function turnedFit(pageAspect: number, angle: number): { c: number; s: number; a: number; W: number; H: number } | null {
  const t = (angle * Math.PI) / 180;
  const [c, s] = [Math.cos(t), Math.sin(t)];
  const [as, ac] = [Math.abs(s), Math.abs(c)];
  const a = (pageAspect * ac - as) / (ac - pageAspect * as);
  if (!(a > 0) || !Number.isFinite(a)) return null;
  return { c, s, a, W: a * ac + as, H: a * as + ac };
}

/**
 * The work a square reduced page (`plane`, its greyPlane, `n` x `n`: the page squashed to a square; `pageAspect` its
 * true width / height) shows when it holds all of it turned by `angle` degrees, squashed to SIDE x SIDE; null when no
 * work gives the page's aspect so turned. The geometry is `turnedFit`'s, as turned-keys.ts turnedGrid's.
 */
export function turnedBack(plane: Float32Array, n: number, pageAspect: number, angle: number): RgbaPixels | null {
  const fit = turnedFit(pageAspect, angle);
  if (!fit) return null;
  const { c, s, a, W, H } = fit;
  const out = new Uint8ClampedArray(SIDE * SIDE * 4);
  // Bilinear samples, clamped to the image; the page point moves by a fixed step along each row of the work.
  const [dx, dy] = [(c * a) / SIDE / W * n, (s * a) / SIDE / H * n];
  const last = n - 1.001;
  for (let j = 0; j < SIDE; j++) {
    const Y = (j + 0.5) / SIDE - 0.5;
    const X = (0.5 / SIDE - 0.5) * a;
    let x = ((c * X - s * Y) / W + 0.5) * n - 0.5;
    let y = ((s * X + c * Y) / H + 0.5) * n - 0.5;
    for (let i = 0, o = j * SIDE * 4; i < SIDE; i++, o += 4, x += dx, y += dy) {
      const fx = x < 0 ? 0 : x > last ? last : x;
      const fy = y < 0 ? 0 : y > last ? last : y;
      const ix = Math.floor(fx);
      const iy = Math.floor(fy);
      const wx = fx - ix;
      const wy = fy - iy;
      const k = iy * n + ix;
      const top = plane[k]! + (plane[k + 1]! - plane[k]!) * wx;
      const bottom = plane[k + n]! + (plane[k + n + 1]! - plane[k + n]!) * wx;
      out[o] = out[o + 1] = out[o + 2] = top + (bottom - top) * wy;
      out[o + 3] = 255;
    }
  }
  return { width: SIDE, height: SIDE, data: out };
}

/**
 * The turned hash probes of a page image whose corners hold a flat fill (flat-corners.ts `flatCorners`, which the
 * caller asks): `reduced`, its square reduced copy (hash/fingerprint.ts reduceForHash), `size` its natural size.
 * None without the size.
 */
export function turnedFingerprints(reduced: RgbaPixels, size: { width: number; height: number } | undefined): string[] {
  if (!size || !(size.width > 0) || !(size.height > 0) || reduced.width !== reduced.height) return [];
  const out: string[] = [];
  const plane = greyPlane(reduced);
  for (const angle of HASH_TURNS) {
    const back = turnedBack(plane, reduced.width, size.width / size.height, angle);
    if (back) out.push(blockhashExact(back));
  }
  return out;
}
