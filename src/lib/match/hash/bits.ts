/**
 * 256-bit fingerprints as hex strings (storage, lists, messages) and as 8 x uint32 words (matching).
 * Bit order: the hex string's first character holds bits 0..3 of the 16x16 grid, row-major, most significant first,
 * exactly as blockhash-core writes it.
 */

export const HASH_BITS = 256;
export const HASH_HEX_LENGTH = HASH_BITS / 4;
export const HASH_WORDS = HASH_BITS / 32;

const HEX_RE = /^[0-9a-f]{64}$/;

export function isFingerprintHex(value: unknown): value is string {
  return typeof value === 'string' && HEX_RE.test(value);
}

export function hexToWords(hex: string, out: Uint32Array = new Uint32Array(HASH_WORDS)): Uint32Array {
  if (!isFingerprintHex(hex)) throw new Error(`not a 256-bit fingerprint: ${JSON.stringify(hex).slice(0, 80)}`);
  for (let i = 0; i < HASH_WORDS; i++) out[i] = parseInt(hex.slice(i * 8, i * 8 + 8), 16) >>> 0;
  return out;
}

export function wordsToHex(words: Uint32Array): string {
  let hex = '';
  for (let i = 0; i < HASH_WORDS; i++) hex += (words[i]! >>> 0).toString(16).padStart(8, '0');
  return hex;
}

export function popcount32(v: number): number {
  v = v - ((v >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

/** Number of differing bits between two fingerprints given as words (a may be a view into a packed array at `offset`). */
export function hammingWords(a: Uint32Array, b: Uint32Array, offset = 0): number {
  let d = 0;
  for (let i = 0; i < HASH_WORDS; i++) d += popcount32((a[offset + i]! ^ b[i]!) >>> 0);
  return d;
}

export function hammingHex(a: string, b: string): number {
  return hammingWords(hexToWords(a), hexToWords(b));
}
