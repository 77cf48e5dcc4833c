/**
 * Same-origin images the page has already downloaded are read here, from the page's own HTTP cache, instead of
 * being fetched again by the background. Both browsers key their HTTP cache by top-level site (cache
 * partitioning) and the background's fetches come from the extension's origin, so without this every page image
 * is downloaded a second time (Chromium 156, Firefox 153 ESR: tests/e2e/image-cache.e2e.test.ts;
 * w3c/webextensions#708: no extension API reads a tab's cache partition).
 *
 * `only-if-cached` never touches the network: an image the page has not loaded yet (lazy, still in flight) or
 * that the cache did not keep (`no-store`) is a network error here, and the background fetches it as before. So
 * this cannot compete with the page's own loads for connections. Cross-origin images cannot be read this way
 * (`only-if-cached` requires `mode: 'same-origin'`, and a cross-origin body would be opaque anyway).
 */
import { readCapped } from '../lib/read-capped.js';
import { asDataUrl, type ImageRef } from './inline.js';

/**
 * Larger files stay with the background: the bytes travel as a base64 data: URL in a JSON message, and in Chrome
 * are then decoded in the service worker at full size, while the background's own fetch goes to the offscreen
 * document, whose JPEG decoder scales while decoding (docs/benchmarks.md, "Second downloads").
 */
export const MAX_CACHED_BYTES = 256 * 1024;
/**
 * A cache read joins a download still in progress (Chromium lets a reader follow the writer of a cache entry), so
 * a response that never finishes would hold up its whole batch without a time limit.
 */
const READ_MS = 3000;

function sameOrigin(url: string): boolean {
  try {
    return new URL(url).origin === location.origin && /^https?:$/.test(location.protocol);
  } catch {
    return false;
  }
}

/** The image's bytes from the page's cache, or undefined when the background should fetch it. */
export async function readCached(url: string): Promise<ImageRef | undefined> {
  if (!sameOrigin(url)) return undefined;
  try {
    const res = await fetch(url, { cache: 'only-if-cached', mode: 'same-origin', credentials: 'same-origin', signal: AbortSignal.timeout(READ_MS) });
    const declared = Number(res.headers.get('content-length') ?? 0);
    if (!res.ok || !res.body || declared > MAX_CACHED_BYTES) {
      await res.body?.cancel().catch(() => undefined);
      return undefined;
    }
    const bytes = await readCapped(res.body, MAX_CACHED_BYTES);
    if (!bytes) return undefined;
    const type = res.headers.get('content-type') ?? 'application/octet-stream';
    return { url, data: await asDataUrl(new Blob([bytes as BlobPart], { type })) };
  } catch {
    // Not in the cache (the usual case for an image the page has not loaded yet): no log, the background fetches it.
    return undefined;
  }
}
