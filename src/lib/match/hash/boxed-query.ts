/**
 * The part of a page image inside its low-detail margins (detail-box.ts), as the matcher's query carries it: its
 * fingerprint (a probe like the trimmed one), its 16x16 luminance (to verify against the work's own box,
 * detail/extend/detail-extend.ts) and where the box is; with them the whole image's luminance at 32x32, where the placement search
 * (detail/extend/extend-search.ts) looks for a work inside it. Computed once from the 256x256 reduced copy. Pure.
 */
import { COMPARE_SIDE, lumaThumb } from '../detail/luma-thumb.js';
import { toBase64url } from '../../base64url.js';
import { BOX_GRID, detailBoxOf, WIDE_SIDE } from './detail-box.js';
import { blockhashExact, HASH_INPUT_SIDE, reduceRegion, scratchReduction, type RgbaPixels } from './fingerprint.js';
import { boxLuminance, lumaBytes } from './luminance.js';

export interface BoxedQuery {
  boxed: string;
  boxedDetail: string;
  box: [number, number, number, number];
  wide: string;
}

/**
 * The box fields of a query from its 256x256 reduced copy, or nothing when it has no low-detail margin. `luma`: the
 * copy's BOX_GRID luminance grid, when the caller has it already (query.ts).
 */
export function boxedQuery(reduced: RgbaPixels, luma = boxLuminance(reduced, BOX_GRID)): BoxedQuery | Record<string, never> {
  const box = detailBoxOf(luma, BOX_GRID);
  if (!box) return {};
  const inner = boxedReduction(reduced, box, scratchReduction());
  return { boxed: blockhashExact(inner), boxedDetail: toBase64url(lumaThumb(inner, COMPARE_SIDE)), box, wide: toBase64url(wideLuma(luma)) };
}

/** The WIDE_SIDE luminance grid from the BOX_GRID one: each cell the mean of the block of cells it covers. */
export function wideLuma(luma: ArrayLike<number>): Uint8Array {
  const f = BOX_GRID / WIDE_SIDE;
  const sum = new Float64Array(WIDE_SIDE * WIDE_SIDE);
  for (let y = 0; y < BOX_GRID; y++) {
    const row = Math.floor(y / f) * WIDE_SIDE;
    for (let x = 0; x < BOX_GRID; x++) sum[row + Math.floor(x / f)]! += luma[y * BOX_GRID + x]!;
  }
  for (let k = 0; k < sum.length; k++) sum[k]! /= f * f;
  return lumaBytes(sum);
}

/** The box (cells of BOX_GRID) of a reduced copy, itself reduced to 256x256. */
export function boxedReduction(reduced: RgbaPixels, box: readonly [number, number, number, number], into?: Uint8ClampedArray): RgbaPixels {
  const sx = reduced.width / BOX_GRID;
  const sy = reduced.height / BOX_GRID;
  const rect = { x: box[0] * sx, y: box[1] * sy, width: (box[2] - box[0]) * sx, height: (box[3] - box[1]) * sy };
  return reduceRegion(reduced, rect, HASH_INPUT_SIDE, into);
}
