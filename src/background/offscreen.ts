/**
 * Reduced-size JPEG decoding for the Chrome service worker, which has no WebCodecs `ImageDecoder`: the bytes the
 * background fetched (with every limit of fetch-image.ts, and after pixels.ts's header checks) go to an offscreen
 * document (src/offscreen/) that decodes at 1/8 to 1/2 scale and returns the query. Anything that goes wrong
 * (no `chrome.offscreen`, as in Firefox; the document missing or failing; no answer in time) returns undefined
 * and the caller decodes the usual way. The document is closed after a short idle time, well before the worker's
 * own 30 s idle stop, so no document outlives the worker that timed it.
 */
import browser from '../browser.js';
import { OFFSCREEN_TARGET, queryFromReply, toBase64, wantsReducedDecode, type DecodeRequest } from '../lib/offscreen-decode.js';
import type { Query } from '../lib/query.js';

const DOC = 'src/offscreen/index.html';
const ANSWER_MS = 10_000;
const IDLE_CLOSE_MS = 15_000;

const offscreen = (globalThis as { chrome?: { offscreen?: typeof chrome.offscreen } }).chrome?.offscreen;
let opening: Promise<void> | undefined;
let idleTimer: ReturnType<typeof setTimeout> | undefined;
let inUse = 0;
/** Set after the document failed to open: this worker decodes the usual way from then on. */
let unavailable = !offscreen;

function ensureDocument(): Promise<void> {
  opening ??= (async () => {
    const url = browser.runtime.getURL(DOC);
    const open = await chrome.runtime.getContexts({ contextTypes: ['OFFSCREEN_DOCUMENT' as chrome.runtime.ContextType], documentUrls: [url] });
    if (open.length) return;
    await offscreen!.createDocument({
      url: DOC,
      reasons: ['BLOBS' as chrome.offscreen.Reason],
      justification: 'Decode page images at reduced size (WebCodecs ImageDecoder, not exposed to service workers).',
    });
  })().catch((e: unknown) => {
    opening = undefined;
    throw e;
  });
  return opening;
}

function scheduleClose(): void {
  clearTimeout(idleTimer);
  idleTimer = setTimeout(() => {
    if (inUse) return;
    opening = undefined;
    void offscreen!.closeDocument().catch(() => undefined);
  }, IDLE_CLOSE_MS);
}

/** The query of a JPEG decoded at reduced size, or undefined when the caller must decode it itself. */
export async function reducedQuery(bytes: Uint8Array, type: string): Promise<Query | undefined> {
  if (unavailable || !wantsReducedDecode(type)) return undefined;
  inUse++;
  clearTimeout(idleTimer);
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    try {
      await ensureDocument();
    } catch (e) {
      unavailable = true;
      console.info('[License Lens] no offscreen decoder, decoding in the worker:', e);
      return undefined;
    }
    const request: DecodeRequest = { target: OFFSCREEN_TARGET, data: toBase64(bytes) };
    const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error('no answer in time')), ANSWER_MS)));
    return queryFromReply(await Promise.race([browser.runtime.sendMessage(request), timeout]));
  } catch (e) {
    console.info('[License Lens] offscreen decode failed, decoding in the worker:', e instanceof Error ? e.message : e);
    return undefined;
  } finally {
    clearTimeout(timer);
    inUse--;
    scheduleClose();
  }
}
