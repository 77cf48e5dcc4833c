/** Node-only image decoding for the CLI, tests and benchmarks: sharp decodes, the shared core fingerprints. */
import sharp from 'sharp';
import { fingerprint, HASH_INPUT_SIDE, type RgbaPixels } from '../lib/match/index.js';

/** Largest image sharp may decode (pixels); a decompression bomb fails with a clear error instead of exhausting memory. */
export const MAX_INPUT_PIXELS = 100_000_000;

/** Full-resolution RGBA, EXIF orientation applied (as browsers do). */
export async function decodeFull(input: string | Uint8Array): Promise<RgbaPixels> {
  const { data, info } = await sharp(input, { limitInputPixels: MAX_INPUT_PIXELS })
    .rotate()
    .ensureAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, data: new Uint8Array(data.buffer, data.byteOffset, data.length) };
}

/**
 * The reduced copy the extension hashes, made the way the browser makes it: flatten onto white, then resize to
 * 256x256 ignoring aspect ratio. sharp's resize is a little sharper than the browser's; tests bound the drift.
 */
export async function decodeForHash(input: string | Uint8Array): Promise<RgbaPixels> {
  const { data, info } = await sharp(input, { limitInputPixels: MAX_INPUT_PIXELS })
    .rotate()
    .flatten({ background: '#ffffff' })
    .resize(HASH_INPUT_SIDE, HASH_INPUT_SIDE, { fit: 'fill', kernel: 'cubic' })
    .ensureAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, data: new Uint8Array(data.buffer, data.byteOffset, data.length) };
}

export async function fingerprintFile(input: string | Uint8Array): Promise<string> {
  return fingerprint(await decodeForHash(input));
}

/** An image's displayed size (EXIF orientation applied): what change regions are given in. */
export async function imageSizeOf(input: string | Uint8Array): Promise<{ width: number; height: number }> {
  const m = await sharp(input, { limitInputPixels: MAX_INPUT_PIXELS }).metadata();
  const swap = (m.orientation ?? 1) >= 5;
  return { width: (swap ? m.height : m.width) ?? 0, height: (swap ? m.width : m.height) ?? 0 };
}
