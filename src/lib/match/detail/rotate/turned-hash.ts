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
import { croppedFit, type TurnedFrame, turnedFit } from './turned-frame.js';

/** Turns tried, in degrees (a copy turned by 2 degrees keeps its plain hash near enough: bench:robustness). */
export const HASH_TURNS = [-5, 5] as const;
/**
 * For any page (a text page cropped to fit keeps white corners): each turn tried (degrees) and the stored
 * all-sides crop (work-fingerprints.ts CROPS) its probe is cut to, whose turned frame lies inside the page (1.65% of
 * each side is lost at 2 degrees), so the probe meets that stored fingerprint. A copy turned 5 degrees and cropped to
 * fit is left to the fit keys (turned-keys.ts `fitKeys`), which cost the query nothing.
 */
export const FIT_TURNS = [[-2, 0.03], [2, 0.03]] as const;
/** Side of the turned copy hashed: 8x8 samples per blockhash block, each about a 2x2 area of the 256x256 page. */
const SIDE = 128;
/**
 * The fit probes' side, and the box their grey plane averages over: 4x4 samples per block, each from a 4x4 mean of
 * the 256x256 page: a quarter of the turned probes' cost, and as near on the corpus's copies (docs/benchmarks.md).
 */
const FIT_SIDE = 64;
const FIT_BOX = 4;

/** The mean of R, G and B of square RGBA pixels: all blockhash reads of them, sampled as one plane, not three. */
export function greyPlane(px: RgbaPixels): Float32Array {
  const src = bytesOf(px.data);
  const plane = new Float32Array(px.width * px.height);
  for (let k = 0; k < plane.length; k++) plane[k] = (src[4 * k]! + src[4 * k + 1]! + src[4 * k + 2]!) / 3;
  return plane;
}

/** The same averaged over `f` x `f` pixels of square RGBA pixels whose side `f` divides: fewer samples, for the fit probes. */
export function boxGreyPlane(px: RgbaPixels, f: number): Float32Array {
  const src = bytesOf(px.data);
  const n = Math.floor(px.width / f);
  const plane = new Float32Array(n * n);
  const scale = 1 / (3 * f * f);
  for (let yo = 0; yo < n; yo++) {
    for (let xo = 0; xo < n; xo++) {
      let sum = 0;
      for (let dy = 0; dy < f; dy++) {
        for (let o = 4 * ((yo * f + dy) * px.width + xo * f), end = o + 4 * f; o < end; o += 4) sum += src[o]! + src[o + 1]! + src[o + 2]!;
      }
      plane[yo * n + xo] = sum * scale;
    }
  }
  return plane;
}

/**
 * The work a square reduced page (`plane`, its greyPlane, `n` x `n`: the page squashed to a square) shows in `frame`
 * (`turnedFit` or `croppedFit` of the page's true width / height), less `crop` of each side, squashed to `side` x `side`.
 * The geometry is turned-keys.ts turnedGrid's.
 */
export function turnedBack(plane: Float32Array, n: number, frame: TurnedFrame, crop = 0, side = SIDE): RgbaPixels {
  const { c, s, W, H } = frame;
  const a = frame.a * (1 - 2 * crop);
  const h = 1 - 2 * crop;
  const out = new Uint8ClampedArray(side * side * 4);
  // Bilinear samples, clamped to the image; the page point moves by a fixed step along each row of the work.
  const [dx, dy] = [(c * a) / side / W * n, (s * a) / side / H * n];
  const last = n - 1.001;
  for (let j = 0; j < side; j++) {
    const Y = ((j + 0.5) / side - 0.5) * h;
    const X = (0.5 / side - 0.5) * a;
    let x = ((c * X - s * Y) / W + 0.5) * n - 0.5;
    let y = ((s * X + c * Y) / H + 0.5) * n - 0.5;
    for (let i = 0, o = j * side * 4; i < side; i++, o += 4, x += dx, y += dy) {
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
  return { width: side, height: side, data: out };
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
    const frame = turnedFit(size.width / size.height, angle);
    if (frame) out.push(blockhashExact(turnedBack(plane, reduced.width, frame)));
  }
  return out;
}

/**
 * The fit probes of a page image (FIT_TURNS): the page read as a work turned and cropped to fit,
 * turned back and cut to a stored all-sides crop, from its grey plane in 4x4 means. None without the size.
 */
export function fitFingerprints(reduced: RgbaPixels, size: { width: number; height: number } | undefined): string[] {
  if (!size || !(size.width > 0) || !(size.height > 0) || reduced.width !== reduced.height) return [];
  const plane = boxGreyPlane(reduced, FIT_BOX);
  const n = Math.floor(reduced.width / FIT_BOX);
  return FIT_TURNS.map(([angle, crop]) => blockhashExact(turnedBack(plane, n, croppedFit(size.width / size.height, angle), crop, FIT_SIDE)));
}
