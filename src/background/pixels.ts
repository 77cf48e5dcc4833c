/**
 * Bytes to fingerprint inside the extension (Chrome service worker, Firefox background page): fetch with limits,
 * read the declared size from the header before decoding anything, let the browser decode straight to 256x256
 * (createImageBitmap with resizeWidth/resizeHeight), composite onto white, fingerprint.
 */
import { imageSize } from 'image-size';
import { HASH_INPUT_SIDE } from '../lib/fingerprint.js';
import { queryOf, type Query } from '../lib/query.js';

export const LIMITS = {
  maxBytes: 25 * 1024 * 1024,
  /** Declared pixel count above which an image is not decoded (a 30000x30000 PNG bomb stops here). */
  maxPixels: 100_000_000,
  fetchTimeoutMs: 15_000,
  thumbSide: 96,
};

/** An expected reason not to fingerprint an image: reported as "skipped", not as an error. */
export class SkipError extends Error {}

export async function fetchBytes(url: string, signal?: AbortSignal): Promise<Uint8Array> {
  const scheme = url.slice(0, url.indexOf(':')).toLowerCase();
  if (!['http', 'https', 'data'].includes(scheme)) throw new SkipError(`${scheme}: URLs are not fetched`);
  const ctrl = new AbortController();
  const timer = setTimeout(() => ctrl.abort(), LIMITS.fetchTimeoutMs);
  signal?.addEventListener('abort', () => ctrl.abort());
  try {
    const res = await fetch(url, { signal: ctrl.signal, cache: 'force-cache', credentials: 'omit' });
    if (!res.ok) throw new SkipError(`HTTP ${res.status}`);
    const declared = Number(res.headers.get('content-length'));
    if (declared > LIMITS.maxBytes) throw new SkipError(`larger than ${LIMITS.maxBytes / 1048576} MB`);
    return await readCapped(res, ctrl);
  } catch (e) {
    if (ctrl.signal.aborted && !(e instanceof SkipError)) throw new SkipError(`no answer within ${LIMITS.fetchTimeoutMs / 1000} s`);
    throw e;
  } finally {
    clearTimeout(timer);
  }
}

async function readCapped(res: Response, ctrl: AbortController): Promise<Uint8Array> {
  if (!res.body) return new Uint8Array(await res.arrayBuffer());
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > LIMITS.maxBytes) {
      ctrl.abort();
      throw new SkipError(`larger than ${LIMITS.maxBytes / 1048576} MB`);
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let o = 0;
  for (const c of chunks) {
    out.set(c, o);
    o += c.byteLength;
  }
  return out;
}

export interface Decoded {
  fingerprint: string;
  /** What the matcher looks up: the fingerprint, its quality, the fingerprint inside uniform borders. */
  query: Query;
  width: number;
  height: number;
  /** The 256x256 reduced copy, kept only long enough to cut a thumbnail from it. */
  reduced: OffscreenCanvas;
}

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

export async function decodeAndFingerprint(bytes: Uint8Array): Promise<Decoded> {
  const { width, height, type } = sniffSize(bytes);
  if (type === 'svg') throw new SkipError('SVG images are not fingerprinted');
  if (width * height > LIMITS.maxPixels) throw new SkipError(`declares ${width}x${height} pixels, over the decoding limit`);
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(new Blob([bytes as BlobPart]), {
      resizeWidth: HASH_INPUT_SIDE,
      resizeHeight: HASH_INPUT_SIDE,
      resizeQuality: 'high',
    });
  } catch {
    throw new SkipError('the browser could not decode this image (truncated or corrupt)');
  }
  const canvas = new OffscreenCanvas(HASH_INPUT_SIDE, HASH_INPUT_SIDE);
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  if (!ctx) throw new Error('no 2d context for OffscreenCanvas');
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, HASH_INPUT_SIDE, HASH_INPUT_SIDE);
  ctx.drawImage(bitmap, 0, 0);
  bitmap.close();
  const data = ctx.getImageData(0, 0, HASH_INPUT_SIDE, HASH_INPUT_SIDE).data;
  const query = queryOf({ width: HASH_INPUT_SIDE, height: HASH_INPUT_SIDE, data });
  return { fingerprint: query.fingerprint, query, width, height, reduced: canvas };
}

/** A small JPEG data: URL with the image's true aspect ratio, cut from the reduced copy. */
export async function thumbnail(d: Decoded): Promise<string> {
  const scale = LIMITS.thumbSide / Math.max(d.width, d.height);
  const w = Math.max(1, Math.round(d.width * scale));
  const h = Math.max(1, Math.round(d.height * scale));
  const c = new OffscreenCanvas(w, h);
  c.getContext('2d')!.drawImage(d.reduced, 0, 0, w, h);
  const blob = await c.convertToBlob({ type: 'image/jpeg', quality: 0.75 });
  const bytes = new Uint8Array(await blob.arrayBuffer());
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return `data:image/jpeg;base64,${btoa(bin)}`;
}
