/**
 * How much a fingerprint can be trusted, 0-100, measured as PDQ does: the sum of absolute luminance differences
 * between neighbours on a 64x64 copy, scaled so that a photograph scores 100 and a flat colour 0. Flat colours,
 * near-empty backgrounds and simple two-tone graphics give band-median hashes made of ties, which collide across
 * unrelated images: License Lens never flags an image whose quality is under MIN_QUALITY.
 */
import type { RgbaPixels } from './fingerprint.js';
import { boxLuminance } from './luminance.js';

/** Below this, an image is not matched at all (photos and artworks score 50-100, the smoothest corpus wallpapers 25-30; an exact copy of those must still match). */
export const MIN_QUALITY = 15;

const SIDE = 64;
/** Side of the luminance grid the gradient sum is measured on. */
export const QUALITY_SIDE = SIDE;

/** PDQ's quality metric: gradient sum in percent of full range, divided by 90, capped at 100. */
export function quality(px: RgbaPixels): number {
  return qualityOfLuma(boxLuminance(px, QUALITY_SIDE));
}

/** The same from the image's QUALITY_SIDE luminance grid (luminance.ts). */
export function qualityOfLuma(lum: Float64Array): number {
  let sum = 0;
  for (let y = 0; y < SIDE; y++) {
    for (let x = 0; x < SIDE; x++) {
      const v = lum[y * SIDE + x]!;
      if (x + 1 < SIDE) sum += Math.floor(Math.abs(((v - lum[y * SIDE + x + 1]!) * 100) / 255));
      if (y + 1 < SIDE) sum += Math.floor(Math.abs(((v - lum[(y + 1) * SIDE + x]!) * 100) / 255));
    }
  }
  return Math.min(100, Math.floor(sum / 90));
}

/**
 * Below this many neighbouring-bit changes (of 480) a fingerprint is too plain to trust outside the plain
 * whole-image comparison: smooth wallpapers, gradients and clip art on gradients give staircase hashes (16-60
 * changes; photos give 70-220) that collide with each other once crops and mirror images multiply the chances.
 */
export const MIN_COMPLEXITY = 60;

/** Number of horizontally or vertically adjacent grid cells whose bits differ (hash words, 8 x 32 bits). */
export function hashComplexity(words: Uint32Array, offset = 0): number {
  let n = 0;
  for (let r = 0; r < 16; r++) {
    const row = r & 1 ? words[offset + (r >> 1)]! & 0xffff : words[offset + (r >> 1)]! >>> 16;
    n += popcount16((row ^ (row >>> 1)) & 0x7fff);
    if (r < 15) {
      const next = (r + 1) & 1 ? words[offset + ((r + 1) >> 1)]! & 0xffff : words[offset + ((r + 1) >> 1)]! >>> 16;
      n += popcount16(row ^ next);
    }
  }
  return n;
}

function popcount16(v: number): number {
  let c = 0;
  for (; v; v &= v - 1) c++;
  return c;
}
