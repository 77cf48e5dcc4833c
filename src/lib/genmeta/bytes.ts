/** Small byte helpers shared by the container readers: big/little-endian reads, text decoding, bounded inflate. */
import { concatBytes, readCapped } from '../read-capped.js';
import { GENMETA_LIMITS } from './limits.js';

export { concatBytes };

export const u16be = (b: Uint8Array, o: number): number => (b[o]! << 8) | b[o + 1]!;
export const u32be = (b: Uint8Array, o: number): number => ((b[o]! << 24) | (b[o + 1]! << 16) | (b[o + 2]! << 8) | b[o + 3]!) >>> 0;
export const u32le = (b: Uint8Array, o: number): number => (b[o]! | (b[o + 1]! << 8) | (b[o + 2]! << 16) | (b[o + 3]! << 24)) >>> 0;

export function ascii(b: Uint8Array, start: number, end: number): string {
  let s = '';
  for (let i = start; i < end && i < b.length; i++) s += String.fromCharCode(b[i]!);
  return s;
}

const utf8 = new TextDecoder('utf-8');
const latin1 = new TextDecoder('latin1');

export const decodeUtf8 = (b: Uint8Array): string => utf8.decode(b);
/** PNG tEXt/zTXt text is ISO 8859-1 by the spec, but A1111 and ComfyUI write UTF-8 there: decode UTF-8 when it is valid. */
export function decodeLatin1OrUtf8(b: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(b);
  } catch {
    return latin1.decode(b);
  }
}

export function indexOfByte(b: Uint8Array, value: number, from: number, end = b.length): number {
  for (let i = from; i < end; i++) if (b[i] === value) return i;
  return -1;
}

export function startsWith(b: Uint8Array, at: number, sig: string): boolean {
  if (at + sig.length > b.length) return false;
  for (let i = 0; i < sig.length; i++) if (b[at + i] !== sig.charCodeAt(i)) return false;
  return true;
}

/**
 * zlib-inflates with the platform's DecompressionStream (browsers and Node 18+), stopping once the output passes
 * `max` bytes: returns undefined for a corrupt stream or one that inflates past the cap.
 */
export async function inflateCapped(data: Uint8Array, max: number = GENMETA_LIMITS.maxInflatedBytes): Promise<Uint8Array | undefined> {
  try {
    return await readCapped(new Blob([data as BlobPart]).stream().pipeThrough(new DecompressionStream('deflate')), max);
  } catch {
    return undefined;
  }
}
