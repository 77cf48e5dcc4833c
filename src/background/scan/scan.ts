/**
 * One batch of page images: reuse what this page already had checked, fingerprint the rest (fingerprint cache
 * first, then fetch + decode, at most LIMITS.concurrency at once across all tabs, the page as Referer; in Chrome
 * inside the offscreen document, offscreen.ts, LIMITS.documentConcurrency at once), match, store, update the badge. Bad images are reported with their reason and leave nothing in any store.
 */
import type { ImageResult } from '../../lib/protocol/index.js';
import { fetchRefusal, withDeadline } from '../../lib/page/index.js';
import { readGenRecord } from '../../lib/genmeta/index.js';
import type { Query } from '../../lib/match/index.js';
import type { GenRecord } from '../../lib/types.js';
import { keepFingerprint, readFetched } from '../../storage/fingerprint-cache.js';
import { showCount } from '../badge.js';
import { addResults, flaggedOnPage, knownResults, resetTab, storedPageUrl, wantsThumbs } from '../tab-results/index.js';
import { fetchImage, type Fetched } from '../../pixels/fetch-image.js';
import { guardRedirects } from './fetch-rules.js';
import { LIMITS, limiter, SkipError } from '../../pixels/limits.js';
import { decodeAndFingerprint, thumbnail, thumbnailOf, type Decoded } from '../../pixels/pixels.js';
import { askOffscreen, paths } from './offscreen.js';
import { withPageReferer } from './referer.js';
import { matchSources } from './match-query.js';
import { imageVerdict } from '../../core/index.js';
import { ready } from '../state.js';
import { isUnloading } from '../unloading.js';
import { loadsQuiet, pageResponse } from './capture.js';

const limited = limiter(LIMITS.concurrency);
const limitedInDocument = limiter(LIMITS.documentConcurrency);
/** Longest a decode waits for the page's filtered responses to finish (Firefox, capture.ts). */
const QUIET_WAIT_MS = 5000;
/**
 * Longest one image of a batch may take, its turn behind the limiters included: past it the image is answered as
 * not checked (an error, as the popup and card show it), so the batch is always answered (content/scan/send.ts
 * waits REPLY_MS, longer than this).
 */
export const IMAGE_MS = 120_000;
export const NOT_IN_TIME = 'the check did not finish in time';

export interface ImageRef {
  url: string;
  /** The bytes as a data: URL, when the content script read them in the page (blob:, long data:). */
  data?: string;
}

export async function scanBatch(tabId: number, frameId: number, pageUrl: string, fresh: boolean, images: ImageRef[]): Promise<ImageResult[]> {
  // The tab's results were reset when its navigation started (index.ts); a new top document on another URL than
  // the one stored (the worker missed that event, or a redirect) starts its page here. Later batches, frames and
  // a single-page app that changed its URL with pushState all add to the page their document started as.
  const stored = await storedPageUrl(tabId);
  const startsPage = fresh && frameId === 0;
  if (startsPage && stored !== pageUrl) await resetTab(tabId, pageUrl);
  const topUrl = startsPage ? pageUrl : stored || pageUrl;
  const known = await knownResults(tabId, topUrl, images.map((i) => i.url));
  const todo = new Map<string, ImageRef>();
  for (const img of images) if (!known.has(img.url)) todo.set(img.url, img);
  const refs = [...todo.values()];
  const checked = await withPageReferer(topUrl, refs.filter((r) => !r.data).map((r) => r.url), () =>
    // Past the tab's thumbnail limit a flagged image is not decoded again or encoded just for a thumbnail.
    wantsThumbs(tabId).then((thumbs) =>
      Promise.all(
        refs.map((r) =>
          withDeadline(checkImage(r.url, topUrl, { data: r.data, thumb: thumbs, tabId }), IMAGE_MS, (): ImageResult => {
            console.info(`[License Lens] failed ${r.url.slice(0, 200)}: ${NOT_IN_TIME}`);
            return { url: r.url, matches: [], checkedAt: Date.now(), status: 'error', reason: NOT_IN_TIME };
          }),
        ),
      ),
    ),
  );
  // Not verdicts: the fetches were aborted by the unload (unloading.ts). The content script sends the batch again.
  if (isUnloading()) throw new Error('the background is being unloaded; send again');
  if (checked.length || fresh) {
    await addResults(tabId, topUrl, checked);
    await showCount(tabId, await flaggedOnPage(tabId));
  }
  // Images another frame or an earlier batch already checked come back too, so every frame can mark its own.
  const again = images.flatMap((i) => (known.has(i.url) ? [known.get(i.url)!] : []));
  // The page needs verdicts for its marks, not thumbnails (the popup reads those from the tab's results).
  return [...checked.map(({ thumb: _thumb, ...r }) => r), ...again];
}

interface Scanned {
  query: Query;
  record?: GenRecord;
  /** The reduced copy, when this call decoded the image (not on a fingerprint-cache hit). */
  decoded?: Decoded;
  /** The file, when this worker fetched it (to decode a cache hit that matched, for its thumbnail). */
  bytes?: Uint8Array;
  /** Fingerprinted in the offscreen document, which keeps its reduced copy for the thumbnail. */
  inDocument: boolean;
}

/**
 * Fetch, generation record, fingerprint (cache first; a new one is written after the verdict, not before).
 * Chrome does this in its offscreen document (offscreen.ts) unless the bytes are already here (`data`) or the
 * caller asks otherwise; the document's refusal ("HTTP 404", "larger than 25 MB") is the image's verdict, and any
 * failure of the document itself falls back to this worker.
 */
async function scan(url: string, data: string | undefined, viaDocument: boolean, tabId?: number): Promise<Scanned> {
  // Firefox: the page's own response, read as it passed (capture.ts); none, and the image is fetched as before.
  const own = data || tabId === undefined ? undefined : await pageResponse(tabId, url);
  const there = data || own || !viaDocument ? undefined : await limitedInDocument(() => askOffscreen('scan', url));
  if (there) paths.offscreen++;
  if (there?.kind === 'skipped') throw new SkipError(there.reason);
  if (there?.kind === 'scanned') return { query: there.query, record: there.record, inDocument: true };
  paths.worker++;
  return limited(() => scanHere(url, own, data));
}

async function scanHere(url: string, own: Fetched | undefined, data: string | undefined): Promise<Scanned> {
  const { bytes, etag, lastModified } = own ?? (await fetchImage(data ?? url));
  const record = await readGenRecord(bytes);
  const db = await ready();
  const { key, reading, sha256 } = await readFetched(db, url, bytes, { etag, lastModified });
  const hit = await reading;
  if (hit) return { query: { ...hit, sha256: await sha256 }, record, bytes, inDocument: false };
  await loadsQuiet(QUIET_WAIT_MS);
  const decoded = await decodeAndFingerprint(bytes);
  keepFingerprint(db, key, decoded.query, { etag, lastModified });
  return { query: { ...decoded.query, sha256: await sha256 }, record, decoded, inDocument: false };
}

/**
 * A matched image's thumbnail, from the reduced copy it was fingerprinted from when there is one. A fingerprint-
 * cache hit has none: the document decodes it again at reduced size (cheap), the worker (Firefox) once, straight to
 * thumbnail size and without fingerprinting it again. No thumbnail is not a failure: the popup shows the result
 * without.
 */
async function thumbOf(url: string, s: Scanned): Promise<string | undefined> {
  try {
    if (s.decoded) return await thumbnail(s.decoded);
    if (s.inDocument) {
      const t = await limitedInDocument(() => askOffscreen('thumb', url));
      if (t?.kind === 'thumb') return t.thumb;
    }
    return await limited(async () => thumbnailOf(s.bytes ?? (await fetchImage(url)).bytes));
  } catch (e) {
    console.info(`[License Lens] no thumbnail for ${url.slice(0, 200)}: ${e instanceof Error ? e.message : String(e)}`);
    return undefined;
  }
}

export interface CheckOptions {
  /** The bytes as a data: URL, read in the page. */
  data?: string;
  /** Make a thumbnail for a match (default true). */
  thumb?: boolean;
  /** False: in this worker even in Chrome (the right-click check, whose activeTab grant is the worker's). */
  viaDocument?: boolean;
  /** The tab that showed the image: its own response is used when the page's load was read (Firefox). */
  tabId?: number;
}

export async function checkImage(url: string, pageUrl: string, { data, thumb = true, viaDocument = true, tabId }: CheckOptions = {}): Promise<ImageResult> {
  const base = { url, matches: [], checkedAt: Date.now() };
  try {
    // A hostile page chooses these URLs: never its router, loopback services or the extension itself (url-guard).
    const refusal = data ? undefined : fetchRefusal(url, pageUrl);
    if (refusal) throw new SkipError(refusal);
    // ...nor reach them through a redirect: the browser checks every hop (fetch-rules.ts).
    if (!data) await guardRedirects();
    const s = await scan(url, data, viaDocument, tabId);
    const { record } = s;
    // The one matching path (src/core), shared with the CLI and the library: fingerprint, then generation record.
    const verdict = await imageVerdict(await matchSources(), s.query, record, pageUrl);
    const result: ImageResult = { ...base, ...verdict };
    if (verdict.status === 'clear') return result;
    const small = thumb ? await thumbOf(url, s) : undefined;
    return small ? { ...result, thumb: small } : result;
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    console.info(`[License Lens] ${e instanceof SkipError ? 'skipped' : 'failed'} ${url.slice(0, 200)}: ${reason}`);
    return { ...base, status: e instanceof SkipError ? 'skipped' : 'error', reason };
  }
}
