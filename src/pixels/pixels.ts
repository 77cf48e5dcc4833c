/**
 * Bytes to fingerprint inside the extension (Chrome service worker, Firefox background page): read the declared
 * size from the header before decoding anything (a decompression bomb stops here), let the browser decode straight
 * to 256x256 (createImageBitmap with resizeWidth/resizeHeight) with EXIF orientation applied, composite onto
 * white (blockhash counts transparent as white), fingerprint.
 */
import { imageSize } from 'image-size';
import { LIMITS, SkipError } from './limits.js';
import { HASH_INPUT_SIDE, type Query, queryOf } from '../lib/match/index.js';

export { LIMITS, SkipError };
export { fetchBytes } from './fetch-image.js';

/** Extensible: other features add fields (a quality score) computed from the same reduced copy. */
export interface Decoded {
  fingerprint: string;
  /** What the matcher looks up: the fingerprint, its quality, the fingerprint inside uniform borders. */
  query: Query;
  width: number;
  height: number;
  /** The 256x256 reduced copy's pixels, kept only long enough to cut a thumbnail from them. */
  reduced: ImageData;
}

let scratch: OffscreenCanvasRenderingContext2D | undefined;

/**
 * The query of an image as `draw` puts it on this context's one 256x256 canvas, painted white first (blockhash
 * counts transparency as white, and nothing of the last image drawn there may show through), read back at once:
 * `draw` is synchronous, so decodes in flight never share the canvas. A new OffscreenCanvas per image cost its first
 * draw about 2 ms of the scanning thread in Chrome 156 (allocating the backing store): a tenth of its work per image.
 * Used by this file and the offscreen document's reduced JPEG decode.
 */
export function fingerprintDrawn(draw: (ctx: OffscreenCanvasRenderingContext2D) => void, width: number, height: number): Decoded {
  if (!scratch) {
    const ctx = new OffscreenCanvas(HASH_INPUT_SIDE, HASH_INPUT_SIDE).getContext('2d', { willReadFrequently: true });
    if (!ctx) throw new Error('no 2d context for OffscreenCanvas');
    ctx.imageSmoothingQuality = 'high';
    ctx.fillStyle = '#ffffff';
    scratch = ctx;
  }
  scratch.fillRect(0, 0, HASH_INPUT_SIDE, HASH_INPUT_SIDE);
  draw(scratch);
  const reduced = scratch.getImageData(0, 0, HASH_INPUT_SIDE, HASH_INPUT_SIDE);
  const query = queryOf({ width: HASH_INPUT_SIDE, height: HASH_INPUT_SIDE, data: reduced.data }, { width, height });
  return { fingerprint: query.fingerprint, query, width, height, reduced };
}

/**
 * Image files this context decoded: `hash` at 256x256 to fingerprint, `thumb` at thumbnail size. Test builds expose
 * it with the scan paths (offscreen.ts), so tests/e2e/offscreen.e2e.test.ts can count what a cache hit decodes.
 */
export const decodes = { hash: 0, thumb: 0 };

export function sniffSize(bytes: Uint8Array): { width: number; height: number; type: string } {
  let info;
  try {
    info = imageSize(bytes);
  } catch {
    throw new SkipError('not an image, or a format License Lens does not read');
  }
  if (!info.width || !info.height || !info.type) throw new SkipError('image header has no size');
  // EXIF orientations 5-8 rotate by 90 degrees: the displayed image has width and height swapped.
  const swap = (info.orientation ?? 1) >= 5;
  return { width: swap ? info.height : info.width, height: swap ? info.width : info.height, type: info.type };
}

/**
 * A JPEG without its end-of-image marker or a PNG without IEND was cut short. Firefox (153) decodes such a file
 * without error, painting the missing part grey, which would give a wrong fingerprint; Chromium rejects it.
 */
export function truncated(bytes: Uint8Array, type: string): boolean {
  const tail = bytes.subarray(Math.max(0, bytes.length - 1024));
  if (type === 'jpg') {
    for (let i = tail.length - 2; i >= 0; i--) if (tail[i] === 0xff && tail[i + 1] === 0xd9) return false;
    return true;
  }
  if (type === 'png') {
    for (let i = tail.length - 4; i >= 0; i--) if (tail[i] === 0x49 && tail[i + 1] === 0x45 && tail[i + 2] === 0x4e && tail[i + 3] === 0x44) return false;
    return true;
  }
  return false;
}

/** The checks before any decoder sees the bytes (a decompression bomb stops here): the declared size and type. */
export function checkDecodable(bytes: Uint8Array): { width: number; height: number; type: string } {
  const size = sniffSize(bytes);
  const { width, height, type } = size;
  if (type === 'svg') throw new SkipError('SVG images are not fingerprinted');
  if (width * height > LIMITS.maxPixels) throw new SkipError(`declares ${width}x${height} pixels, over the decoding limit`);
  if (width < LIMITS.minSide && height < LIMITS.minSide) throw new SkipError(`${width}x${height}: an icon or tracker, not fingerprinted`);
  if (truncated(bytes, type)) throw new SkipError('the file is truncated (no end marker)');
  return size;
}

/** `info`: the header checks' answer, when the caller has it already. */
export async function decodeAndFingerprint(bytes: Uint8Array, info = checkDecodable(bytes)): Promise<Decoded> {
  const { width, height } = info;
  let bitmap: ImageBitmap;
  decodes.hash++;
  try {
    bitmap = await createImageBitmap(new Blob([bytes as BlobPart]), {
      resizeWidth: HASH_INPUT_SIDE,
      resizeHeight: HASH_INPUT_SIDE,
      resizeQuality: 'high',
      // Both browsers' default, spelled out: ignoring EXIF orientation moves a blockhash by about 120 of 256 bits.
      imageOrientation: 'from-image',
    });
  } catch {
    throw new SkipError('the browser could not decode this image (truncated or corrupt)');
  }
  try {
    return fingerprintDrawn((ctx) => ctx.drawImage(bitmap, 0, 0), width, height);
  } finally {
    bitmap.close();
  }
}

/** Thumbnail size for an image of this (displayed) size: its true aspect ratio, LIMITS.thumbSide on the long side. */
function thumbSize(width: number, height: number): { w: number; h: number } {
  const scale = LIMITS.thumbSide / Math.max(width, height);
  return { w: Math.max(1, Math.round(width * scale)), h: Math.max(1, Math.round(height * scale)) };
}

/** A small JPEG data: URL with the image's true aspect ratio, cut from the reduced copy. */
export async function thumbnail(d: Pick<Decoded, 'width' | 'height' | 'reduced'>): Promise<string> {
  const { w, h } = thumbSize(d.width, d.height);
  const c = new OffscreenCanvas(w, h);
  const bitmap = await createImageBitmap(d.reduced);
  c.getContext('2d')!.drawImage(bitmap, 0, 0, w, h);
  bitmap.close();
  return jpegDataUrl(c);
}

/**
 * The thumbnail of an image that has no reduced copy (a fingerprint-cache hit): decoded once, straight to thumbnail
 * size, and never fingerprinted (the cached query gave the verdict). Same header checks as a fingerprint decode.
 */
export async function thumbnailOf(bytes: Uint8Array): Promise<string> {
  const { width, height } = checkDecodable(bytes);
  const { w, h } = thumbSize(width, height);
  decodes.thumb++;
  const bitmap = await createImageBitmap(new Blob([bytes as BlobPart]), { resizeWidth: w, resizeHeight: h, resizeQuality: 'high', imageOrientation: 'from-image' });
  const c = new OffscreenCanvas(w, h);
  const ctx = c.getContext('2d')!;
  // Onto white, as the reduced copy a thumbnail is otherwise cut from.
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, w, h);
  ctx.drawImage(bitmap, 0, 0);
  bitmap.close();
  return jpegDataUrl(c);
}

async function jpegDataUrl(c: OffscreenCanvas): Promise<string> {
  const blob = await c.convertToBlob({ type: 'image/jpeg', quality: 0.75 });
  return dataUrlOf(new Uint8Array(await blob.arrayBuffer()), 'image/jpeg');
}

/** Bytes as a base64 data: URL (in chunks: spreading megabytes into one call overflows the stack). */
export function dataUrlOf(bytes: Uint8Array, type: string): string {
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return `data:${type};base64,${btoa(bin)}`;
}
