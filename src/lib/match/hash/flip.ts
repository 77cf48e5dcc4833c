/**
 * Mirrored copies matched without hashing again. blockhash thresholds each block against the median of its band
 * (4 rows of the 16x16 grid): a horizontal flip keeps every band's values, so it only reverses the bits within each
 * 16-bit row; a vertical flip maps band b to band 3 - b with the same values, so it only reverses the row order.
 * Either way the flipped image's hash is a bit permutation of the original's (tests/unit/flip.test.ts checks this
 * on real images through the shipped 256x256 reduction). Bit layout: bits.ts (row r = the high (even r) or low
 * (odd r) 16 bits of word r >> 1).
 */
import { HASH_WORDS } from './bits.js';

export type Flip = 'h' | 'v' | 'hv';
export const FLIPS: readonly Flip[] = ['h', 'v', 'hv'];

/**
 * The 16 bits of v in reverse order, by swapping neighbouring bits, then pairs, nibbles and bytes. Not a 64K lookup
 * table: the table's 1M-step loop ran at module load in every context that imports this file, the content script
 * of every frame among them (most of its 22-33 ms first evaluation in Chromium 156, docs/benchmarks.md).
 */
function rev16(v: number): number {
  v = ((v & 0x5555) << 1) | ((v >>> 1) & 0x5555);
  v = ((v & 0x3333) << 2) | ((v >>> 2) & 0x3333);
  v = ((v & 0x0f0f) << 4) | ((v >>> 4) & 0x0f0f);
  return ((v & 0x00ff) << 8) | ((v >>> 8) & 0x00ff);
}

function row(words: Uint32Array, r: number): number {
  const w = words[r >> 1]!;
  return r & 1 ? w & 0xffff : w >>> 16;
}

/** The hash of the flipped image, from the hash of the image (words in, new words out). */
export function flipWords(words: Uint32Array, flip: Flip): Uint32Array {
  const out = new Uint32Array(HASH_WORDS);
  const h = flip !== 'v';
  const v = flip !== 'h';
  for (let r = 0; r < 16; r += 2) {
    let a = row(words, v ? 15 - r : r);
    let b = row(words, v ? 14 - r : r + 1);
    if (h) {
      a = rev16(a);
      b = rev16(b);
    }
    out[r >> 1] = ((a << 16) | b) >>> 0;
  }
  return out;
}
