/**
 * Chrome: page images are scanned in an offscreen document (src/offscreen/), created on demand. The service worker
 * has no WebCodecs `ImageDecoder` (Chrome 156), which decodes a JPEG at reduced size 4.9x faster; the document
 * fetches and fingerprints the image itself, so only a URL goes there and a fingerprint comes back (sending the
 * bytes cost the whole gain: docs/benchmarks.md). Anything that goes wrong (no `chrome.offscreen`, as in Firefox,
 * whose event page keeps the in-worker path; the document failing to open, closing under us or not answering)
 * gives undefined and the caller scans the image the usual way. The document is closed after IDLE_CLOSE_MS without
 * work, well inside the worker's 30 s idle stop, so no document outlives for long the worker that timed it; a
 * restarted worker finds one left over (runtime.getContexts) and uses it.
 */
import browser from '../../browser.js';
import { OFFSCREEN_TARGET, readReply, type OffscreenRequest, type ScanOutcome } from '../../lib/protocol/index.js';
import { LIMITS } from '../../pixels/limits.js';
import { withDeadline } from '../../lib/page/index.js';
import { decodes } from '../../pixels/pixels.js';

const DOC = 'src/offscreen/index.html';
/** The document's own fetch gives up after LIMITS.fetchTimeoutMs; this covers a document that hangs. */
const ANSWER_MS = LIMITS.fetchTimeoutMs + 10_000;
const IDLE_CLOSE_MS = 15_000;
/** Longest wait for the document to close (the last one) and open: past it this worker scans in itself. */
const OPEN_MS = 10_000;

const api = (globalThis as { chrome?: { offscreen?: typeof chrome.offscreen } }).chrome?.offscreen;
/** False after the document could not be created: this worker scans in itself from then on. */
let available = !!api && !!chrome.runtime.getContexts;
let opening: Promise<void> | undefined;
let closing: Promise<void> = Promise.resolve();
let idleTimer: ReturnType<typeof setTimeout> | undefined;
let inUse = 0;

/** Test builds count which path scanned, so the e2e tests can prove the document is used, and what this context decoded. */
export const paths = { offscreen: 0, worker: 0 };
if (__LL_TEST_HOOKS__) {
  (globalThis as { licenseLensScanPaths?: unknown }).licenseLensScanPaths = {
    paths,
    decodes,
    setOffscreen: (on: boolean) => (available = on && !!api),
  };
}

async function openDocument(): Promise<void> {
  await closing;
  const url = browser.runtime.getURL(DOC);
  const open = await chrome.runtime.getContexts({ contextTypes: ['OFFSCREEN_DOCUMENT' as chrome.runtime.ContextType], documentUrls: [url] });
  if (open.length) return;
  try {
    await api!.createDocument({
      url: DOC,
      // No reason names image decoding; BLOBS (the document reads fetched image blobs) is the nearest.
      reasons: ['BLOBS' as chrome.offscreen.Reason],
      justification: 'Decode page images at reduced size (WebCodecs ImageDecoder is not available in service workers).',
    });
  } catch (e) {
    // Another start of this worker created it between our check and our call: use that one.
    if (!/single offscreen/i.test(e instanceof Error ? e.message : String(e))) throw e;
  }
}

function ensureDocument(): Promise<void> {
  opening ??= withDeadline(openDocument(), OPEN_MS, () => {
    throw new Error(`the document did not open in ${OPEN_MS / 1000} s`);
  }).catch((e: unknown) => {
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
    closing = api!.closeDocument().catch(() => undefined);
  }, IDLE_CLOSE_MS);
}

/**
 * Opens the document and keeps it open until the returned release is called (an image request, or a list job whose
 * worker lives there: list-jobs.ts); undefined when there is no document, and this worker does the work itself.
 */
export async function holdOffscreen(): Promise<(() => void) | undefined> {
  if (!available) return undefined;
  inUse++;
  clearTimeout(idleTimer);
  try {
    await ensureDocument();
  } catch (e) {
    available = false;
    console.info('[License Lens] no offscreen document, working in the worker:', e instanceof Error ? e.message : e);
    inUse--;
    return undefined;
  }
  let held = true;
  return () => {
    if (!held) return;
    held = false;
    inUse--;
    scheduleClose();
  };
}

/** Closes the document if one is open (a stopped worker's list job may still be writing in it: list-ops.ts). */
export async function closeOffscreen(): Promise<void> {
  if (!api || !chrome.runtime.getContexts) return;
  const open = await chrome.runtime.getContexts({ contextTypes: ['OFFSCREEN_DOCUMENT' as chrome.runtime.ContextType], documentUrls: [browser.runtime.getURL(DOC)] });
  if (!open.length) return;
  opening = undefined;
  closing = api.closeDocument().catch(() => undefined);
  await closing;
}

/** The document's answer for one image URL, or undefined when the caller must scan the image itself. */
export async function askOffscreen(op: OffscreenRequest['op'], url: string): Promise<ScanOutcome | undefined> {
  const release = await holdOffscreen();
  if (!release) return undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    const request: OffscreenRequest = { target: OFFSCREEN_TARGET, op, url };
    const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error('no answer in time')), ANSWER_MS)));
    const outcome = readReply(await Promise.race([browser.runtime.sendMessage(request), timeout]));
    if (outcome.kind !== 'failed') return outcome;
    console.info(`[License Lens] offscreen ${op} failed, scanning in the worker: ${outcome.reason}`);
    return undefined;
  } catch (e) {
    // Most often the document was closed under us ("Receiving end does not exist"): open it again next time.
    opening = undefined;
    console.info(`[License Lens] offscreen ${op} failed, scanning in the worker:`, e instanceof Error ? e.message : e);
    return undefined;
  } finally {
    clearTimeout(timer);
    release();
  }
}
