/**
 * The benchmark's truth for "colours changed": a brightness, contrast or saturation change counts as made only when
 * it moved the copy more than recompression does. A saturation change on a grey work, or +20% contrast on black
 * lines on white (both clip), leaves the picture as it was: at the grids the hints compare (the 16x16 luminance and
 * the 8x8 chroma of the 256x256 reduced copy) its cells move by no more than re-encoding the same work at JPEG q30
 * moves them, and the hints must call a q30 copy "same image" or "resized or recompressed". The rule is the same for
 * every copy of every row that makes `colours` (docs/matching.md, "What changed").
 */
import sharp from 'sharp';
import { decodeFull } from '../../src/node/decode.js';
import { reduceForHash } from '../../src/lib/match/hash/fingerprint.js';
import { COMPARE_SIDE, lumaThumb } from '../../src/lib/match/detail/luma-thumb.js';
import { chromaThumb } from '../../src/lib/match/detail/chroma-thumb.js';

/** The 16x16 luminance and 8x8 chroma grids of an image, as the hints' grids are made. */
async function gridsOf(bytes: Buffer): Promise<[Uint8Array, Uint8Array]> {
  const reduced = reduceForHash(await decodeFull(bytes));
  return [lumaThumb(reduced, COMPARE_SIDE), chromaThumb(reduced)];
}

/** The largest move (levels) of any cell of either grid between two images' grids. */
function largestMove(a: [Uint8Array, Uint8Array], b: [Uint8Array, Uint8Array]): number {
  let m = 0;
  for (let g = 0; g < 2; g++) for (let i = 0; i < a[g]!.length; i++) m = Math.max(m, Math.abs(a[g]![i]! - b[g]![i]!));
  return m;
}

/** Per work: its grids re-encoded as the colour variants re-encode (JPEG q85), and how far JPEG q30 moves them. */
export interface Recompression {
  base: [Uint8Array, Uint8Array];
  floor: number;
}

export async function recompressionOf(src: Buffer): Promise<Recompression> {
  const base = await gridsOf(await sharp(src).jpeg({ quality: 85 }).toBuffer());
  return { base, floor: largestMove(await gridsOf(await sharp(src).jpeg({ quality: 30 }).toBuffer()), base) };
}

/** Whether the colour change made `copy` (a same-size JPEG q85 copy of the work) measurably different. */
export async function coloursMade(copy: Buffer, r: Recompression): Promise<boolean> {
  return largestMove(await gridsOf(copy), r.base) > r.floor;
}
