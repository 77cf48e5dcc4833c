/**
 * The scanner's side of `scan/images`: image references packed into messages (blob: and long data: images read
 * in the page, each message kept under a size) and sent again after a pause when the background was away.
 */
import { call } from '../../messaging.js';
import { withDeadline } from '../../lib/page/index.js';
import { isInline, readInline, type ImageRef } from './inline.js';

/** Pauses before sending a failed message again. */
export const RETRY_MS = [500, 1000, 2000, 4000, 8000];
/**
 * Longest wait for one reply. The background answers a batch within its own bound (IMAGE_MS in background/scan/
 * scan.ts, then storage), so a reply this late is lost (its message port gone with a stopped worker): sent again.
 */
export const REPLY_MS = 180_000;
/** Inline data a single message carries at most, so no message gets huge. */
const MAX_MESSAGE_CHARS = 8_000_000;

/** The references for `urls`, in messages of at most MAX_MESSAGE_CHARS of inline data; keyToUrl maps back. */
export async function* refChunks(urls: string[]): AsyncGenerator<{ refs: ImageRef[]; keyToUrl: Map<string, string> }> {
  const keyToUrl = new Map<string, string>();
  let refs: ImageRef[] = [];
  let chars = 0;
  for (const url of urls) {
    const ref = isInline(url) ? await readInline(url) : { url };
    if (!ref) continue;
    if (chars + (ref.data?.length ?? 0) > MAX_MESSAGE_CHARS && refs.length) {
      yield { refs, keyToUrl };
      refs = [];
    }
    chars = refs.length ? chars + (ref.data?.length ?? 0) : (ref.data?.length ?? 0);
    keyToUrl.set(ref.url, url);
    refs.push(ref);
  }
  if (refs.length) yield { refs, keyToUrl };
}

/**
 * Sends a message, again after a pause when it fails or gets no reply within REPLY_MS (the worker was stopped
 * mid-scan, the extension was updated): nothing of a failed batch was stored, and results are keyed by URL, so a retry never duplicates.
 */
export async function callWithRetry(fresh: boolean, images: ImageRef[], gaveUp: () => boolean): ReturnType<typeof call<'scan/images'>> {
  for (let attempt = 0; ; attempt++) {
    const r = await withDeadline(call('scan/images', { pageUrl: location.href, fresh, images }), REPLY_MS, () => ({ ok: false as const, error: `no reply from the background in ${REPLY_MS / 1000} s` }));
    if (r.ok || attempt >= RETRY_MS.length || gaveUp()) return r;
    console.info('[License Lens] scan request failed, trying again:', r.error);
    await new Promise((res) => setTimeout(res, RETRY_MS[attempt]));
  }
}
