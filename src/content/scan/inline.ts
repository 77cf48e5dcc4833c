/**
 * Images the background cannot fetch itself: a page's `blob:` URLs exist only in the page's own process, and
 * `data:` URLs can be larger than a message may carry. Both are read here, in the page, and sent as data: bytes
 * as they are when they fit, otherwise re-encoded smaller (white background, like the fingerprint itself, so
 * transparency is treated the same way).
 */
import { inlineKey, MAX_INLINE_CHARS } from '../../lib/page/index.js';

export { inlineKey };

/** Longest side of a re-encoded inline image: 4x the fingerprint's 256 px, plenty for a faithful fingerprint. */
const REENCODE_SIDE = 1024;

export interface ImageRef {
  /** What the page shows (the key results come back under). */
  url: string;
  /** The bytes as a data: URL, when the background cannot fetch `url` itself. */
  data?: string;
}

export function isInline(url: string): boolean {
  return url.startsWith('data:') || url.startsWith('blob:');
}

/** Reads one inline image. Returns undefined (with a logged reason) when it cannot be read. */
export async function readInline(url: string): Promise<ImageRef | undefined> {
  try {
    if (url.startsWith('data:')) {
      if (inlineKey(url) === url) return { url }; // short enough to be its own key and to travel as is
      if (url.length <= MAX_INLINE_CHARS) return { url: inlineKey(url), data: url };
      return { url: inlineKey(url), data: await reencode(await (await fetch(url)).blob()) };
    }
    const blob = await (await fetch(url)).blob();
    // base64 grows bytes by 4/3: leave room for the data: prefix.
    const data = blob.size * 1.34 + 100 <= MAX_INLINE_CHARS ? await asDataUrl(blob) : await reencode(blob);
    return { url, data };
  } catch (e) {
    console.info(`[License Lens] could not read ${url.slice(0, 80)} in the page:`, e instanceof Error ? e.message : e);
    return undefined;
  }
}

function asDataUrl(blob: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => resolve(String(r.result));
    r.onerror = () => reject(r.error ?? new Error('read failed'));
    r.readAsDataURL(blob);
  });
}

async function reencode(blob: Blob): Promise<string> {
  // With only resizeWidth the browser keeps the aspect ratio: no separate full-size decode to learn the size.
  const bitmap = await createImageBitmap(blob, { resizeWidth: REENCODE_SIDE, resizeQuality: 'high', imageOrientation: 'from-image' });
  const canvas = document.createElement('canvas');
  canvas.width = bitmap.width;
  canvas.height = bitmap.height;
  const ctx = canvas.getContext('2d')!;
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, bitmap.width, bitmap.height);
  ctx.drawImage(bitmap, 0, 0);
  bitmap.close();
  const out = await new Promise<Blob>((resolve, reject) =>
    canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('encode failed'))), 'image/jpeg', 0.92),
  );
  return asDataUrl(out);
}
