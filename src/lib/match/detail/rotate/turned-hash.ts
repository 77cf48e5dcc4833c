/**
 * Turned hash probes (issue 22 item 4): a page image whose corners hold a flat fill (flat-corners.ts) may be a work
 * turned by a few degrees on a canvas holding all of it. Its whole-image fingerprint then sits far from every stored
 * one, and its detail keys too (w0077 turned 5 degrees on white was never a candidate); turned back and cut to the
 * work it comes near again. These are the fingerprints of the page's reduced copy read as such a work turned by each
 * of TURNS, looked up in the fingerprint index as candidates for the detail stage only (prepare.ts): verification
 * decides as for any candidate. Computed with the query (hash/query.ts), only for flat-corner pages. Pure.
 */
import { blockhashExact, type RgbaPixels } from '../../hash/fingerprint.js';
import { bytesOf } from '../../hash/pixels.js';
import { hexToWords } from '../../hash/bits.js';
import type { FingerprintIndex } from '../../indexing/fingerprint-index.js';
import { flatCorners } from './flat-corners.js';

/** Turns tried, in degrees (a copy turned by 2 degrees keeps its plain hash near enough: bench:robustness). */
export const HASH_TURNS = [-5, 5] as const;
/** Side of the turned copy hashed: 8x8 samples per blockhash block, each about a 2x2 area of the 256x256 page. */
const SIDE = 128;

/** Bilinear sample of channel `ch` of `side` x `side` RGBA bytes at (x, y) in pixels (clamped to the image). */
function sample(d: Uint8Array, side: number, x: number, y: number, ch: number): number {
  const fx = Math.min(side - 1.001, Math.max(0, x - 0.5));
  const fy = Math.min(side - 1.001, Math.max(0, y - 0.5));
  const ix = Math.floor(fx);
  const iy = Math.floor(fy);
  const wx = fx - ix;
  const wy = fy - iy;
  const o = (iy * side + ix) * 4 + ch;
  const r = side * 4;
  const a = d[o]! * (1 - wx) + d[o + 4]! * wx;
  const b = d[o + r]! * (1 - wx) + d[o + r + 4]! * wx;
  return a * (1 - wy) + b * wy;
}

/**
 * The work a square reduced page (`px`, the page squashed to a square; `pageAspect` its true width / height) shows
 * when it holds all of it turned by `angle` degrees, squashed to SIDE x SIDE; null when no work gives the page's
 * aspect so turned. The geometry is turned-keys.ts turnedGrid's.
 */
export function turnedBack(px: RgbaPixels, pageAspect: number, angle: number): RgbaPixels | null {
  const t = (angle * Math.PI) / 180;
  const [c, s] = [Math.cos(t), Math.sin(t)];
  const [as, ac] = [Math.abs(s), Math.abs(c)];
  const A = pageAspect;
  const a = (A * ac - as) / (ac - A * as);
  if (!(a > 0) || !Number.isFinite(a)) return null;
  const W = a * ac + as;
  const H = a * as + ac;
  const n = px.width;
  const src = bytesOf(px.data);
  const out = new Uint8ClampedArray(SIDE * SIDE * 4);
  for (let j = 0; j < SIDE; j++) {
    const Y = (j + 0.5) / SIDE - 0.5;
    for (let i = 0; i < SIDE; i++) {
      const X = ((i + 0.5) / SIDE - 0.5) * a;
      const x = ((c * X - s * Y) / W + 0.5) * n;
      const y = ((s * X + c * Y) / H + 0.5) * n;
      const o = (j * SIDE + i) * 4;
      for (let ch = 0; ch < 3; ch++) out[o + ch] = sample(src, n, x, y, ch);
      out[o + 3] = 255;
    }
  }
  return { width: SIDE, height: SIDE, data: out };
}

/**
 * The turned hash probes of a page image: `reduced`, its square reduced copy (hash/fingerprint.ts reduceForHash),
 * `luma16` its 16x16 luminance, `size` its natural size. None unless the corners hold a flat fill and the size is known.
 */
export function turnedFingerprints(reduced: RgbaPixels, luma16: ArrayLike<number>, size: { width: number; height: number } | undefined): string[] {
  if (!size || !(size.width > 0) || !(size.height > 0) || reduced.width !== reduced.height || !flatCorners(luma16)) return [];
  const out: string[] = [];
  for (const angle of HASH_TURNS) {
    const back = turnedBack(reduced, size.width / size.height, angle);
    if (back) out.push(blockhashExact(back));
  }
  return out;
}

/**
 * The works a query's turned hash probes (Query.turned) come within `radius` of, added to `loose` (work -> nearest
 * distance): candidates only, whatever the distance, since a turned probe is a guess the detail stage checks.
 */
export function turnedHashCandidates(turned: readonly string[] | undefined, index: FingerprintIndex, radius: number, loose: Map<number, number>): void {
  for (const t of turned ?? []) {
    for (const hit of index.search(hexToWords(t), radius)) {
      const { work } = index.owner(hit.fp);
      loose.set(work, Math.min(loose.get(work) ?? 256, hit.distance));
    }
  }
}
