/**
 * A work's image to what the registry stores: fingerprints from workFingerprints (the one function every
 * registration path uses) and a 96 px thumbnail. The browser decodes straight to a reduced size (at most 512 px on
 * the long side, aspect kept so crop variants stay true), with the file's EXIF orientation applied, so a
 * 50-megapixel photo never sits in memory at full size.
 */
import { fetchBytes, LIMITS, SkipError, sniffSize } from '../pixels/pixels.js';
import { type NewWorkT, titleFrom } from '../lib/own/index.js';
import { workFingerprints } from '../lib/match/index.js';
import { sha256Hex } from '../lib/sha256.js';

export const DECODE_MAX_SIDE = 512;
export const THUMB_SIDE = 96;

export type PreparedWork = Omit<NewWorkT, 'modelId'>;

async function bitmapOf(blob: Blob, width: number, height: number): Promise<ImageBitmap> {
  const opts: ImageBitmapOptions = { resizeWidth: width, resizeHeight: height, resizeQuality: 'high', imageOrientation: 'from-image' };
  try {
    return await createImageBitmap(blob, opts);
  } catch (e) {
    // Browsers that predate the 'from-image' value reject the whole options bag with a TypeError; decode without it.
    if (!(e instanceof TypeError)) throw e;
    return createImageBitmap(blob, { resizeWidth: width, resizeHeight: height, resizeQuality: 'high' });
  }
}

export async function prepareWork(bytes: Uint8Array, title: string): Promise<PreparedWork> {
  if (bytes.byteLength > LIMITS.maxBytes) throw new SkipError(`larger than ${LIMITS.maxBytes / 1048576} MB`);
  const { width, height, type } = sniffSize(bytes);
  if (type === 'svg') throw new SkipError('SVG images are not fingerprinted');
  if (width * height > LIMITS.maxPixels) throw new SkipError(`declares ${width}x${height} pixels, over the decoding limit`);
  const scale = Math.min(1, DECODE_MAX_SIDE / Math.max(width, height));
  const w = Math.max(1, Math.round(width * scale));
  const hgt = Math.max(1, Math.round(height * scale));
  let bitmap: ImageBitmap;
  try {
    bitmap = await bitmapOf(new Blob([bytes as BlobPart]), w, hgt);
  } catch {
    throw new SkipError('the browser could not decode this image (truncated or corrupt)');
  }
  try {
    const canvas = new OffscreenCanvas(w, hgt);
    const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
    ctx.fillStyle = '#ffffff'; // transparent pixels count as white, as in every other fingerprinting path
    ctx.fillRect(0, 0, w, hgt);
    ctx.drawImage(bitmap, 0, 0);
    const { fingerprints, detail, chroma } = workFingerprints({ width: w, height: hgt, data: ctx.getImageData(0, 0, w, hgt).data });
    // The size as the file declares it: the hints compare areas, so an EXIF rotation does not matter. The file's
    // hash: a page serving these very bytes is "identical to the registered file".
    return { title: title || undefined, fingerprints, detail, chroma, size: { width, height }, sha256: await sha256Hex(bytes), thumb: await thumbOf(canvas) };
  } finally {
    bitmap.close();
  }
}

async function thumbOf(src: OffscreenCanvas): Promise<string> {
  const scale = THUMB_SIDE / Math.max(src.width, src.height);
  const c = new OffscreenCanvas(Math.max(1, Math.round(src.width * scale)), Math.max(1, Math.round(src.height * scale)));
  c.getContext('2d')!.drawImage(src, 0, 0, c.width, c.height);
  const blob = await c.convertToBlob({ type: 'image/jpeg', quality: 0.8 });
  const bytes = new Uint8Array(await blob.arrayBuffer());
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return `data:image/jpeg;base64,${btoa(bin)}`;
}

export async function prepareFile(file: File): Promise<PreparedWork> {
  if (file.size > LIMITS.maxBytes) throw new SkipError(`larger than ${LIMITS.maxBytes / 1048576} MB`);
  return prepareWork(new Uint8Array(await file.arrayBuffer()), titleFrom(file.name));
}

/** The options page is an extension page with host permissions: it may fetch the image from any site. */
export async function prepareUrl(url: string, signal?: AbortSignal): Promise<PreparedWork> {
  return prepareWork(await fetchBytes(url, signal), titleFrom(url));
}
