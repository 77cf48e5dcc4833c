/**
 * Firefox: the page's own image responses, read as they pass through (`webRequest.filterResponseData`), so each
 * page image is downloaded once, by the page (docs/page-scan.md, "Second downloads"). Both browsers key the HTTP
 * cache by the extension's origin for its own fetches, so without this the scan downloads every image again.
 * Every chunk is written on to the page the moment it arrives, unchanged, and a copy kept (capture-store.ts,
 * within the size limits); a response past a limit is disconnected, so the rest flows without us. Only image
 * requests of tabs (`image`, `imageset`: `<img>`, srcset, CSS backgrounds). Chrome has no filterResponseData
 * (and its manifest no webRequest permission): there `captureImages()` does nothing and the scan fetches.
 */
import browser from '../../browser.js';
import type { WebRequest } from 'webextension-polyfill';
import { LIMITS } from '../../pixels/limits.js';
import { responseRefusal, tooLargeReason, type Fetched } from '../../pixels/fetch-image.js';
import { CaptureStore, captureKey, type Copy } from './capture-store.js';

/** All copies together: room for a page's worth of images waiting for their scan, bounded whatever the page loads. */
const BUDGET = 64 * 1024 * 1024;
const store = new CaptureStore(BUDGET, LIMITS.maxBytes, tooLargeReason);

/** How scans got their bytes in this background's life: the page's response, or the fallback fetch. */
export const captureCounts = { captured: 0, fallback: 0 };
/**
 * Test-hooks build only: tests of the fetch path itself (the order of the fetches, a stop with a fetch in flight)
 * switch the copies off in Firefox, as for an image served from the memory cache.
 */
const testSwitch = { off: false };
if (__LL_TEST_HOOKS__) (globalThis as { licenseLensCapture?: unknown }).licenseLensCapture = { counts: captureCounts, store, switch: testSwitch };

/** The URL a redirected request started at (the one the page's element names), by request id. */
const redirected = new Map<string, string>();

const header = (h: WebRequest.HttpHeaders | undefined, name: string) => h?.find((x) => x.name.toLowerCase() === name)?.value;

function onHeaders(d: WebRequest.OnHeadersReceivedDetailsType): void {
  if (__LL_TEST_HOOKS__ && testSwitch.off) return;
  const url = redirected.get(d.requestId) ?? d.url;
  if (d.statusCode >= 300 && d.statusCode < 400) return; // a redirect: its target answers under the same id
  redirected.delete(d.requestId);
  if (d.tabId < 0) return;
  const key = captureKey(d.tabId, url);
  const h = d.responseHeaders;
  const refusal = responseRefusal(d.statusCode, header(h, 'content-type') ?? '', Number(header(h, 'content-length')));
  if (refusal) return store.refuse(key, refusal);
  const copy = store.start(key, { etag: header(h, 'etag'), lastModified: header(h, 'last-modified') });
  const filter = browser.webRequest.filterResponseData(d.requestId);
  let copying = true;
  filter.ondata = ({ data }) => {
    // The page's bytes first, as they came; the copy is ours (write() does not take the buffer: the test page's hash proves it).
    filter.write(data);
    if (copying && !copy.add(new Uint8Array(data))) {
      copying = false;
      filter.disconnect(); // the rest flows to the page without us; the copy already settled
      forget(d.requestId);
    }
  };
  // The copy is kept only once the filter stopped and webRequest reports the request completed: a stop alone is
  // never taken for a whole file; an error of either (a dropped connection, the page navigated away) keeps nothing.
  const ends = { stopped: false, completed: false, copy };
  copies.set(d.requestId, ends);
  filter.onstop = () => {
    filter.close();
    ends.stopped = true;
    if (ends.completed) end(d.requestId, true);
  };
  filter.onerror = () => end(d.requestId, false);
}

/** Copies between the response's headers and its end, by request id. */
const copies = new Map<string, { stopped: boolean; completed: boolean; copy: Copy }>();

function end(requestId: string, ok: boolean): void {
  const c = copies.get(requestId);
  if (!c) return;
  forget(requestId);
  if (ok) c.copy.finish();
  else c.copy.fail();
}

function forget(requestId: string): void {
  copies.delete(requestId);
  if (!copies.size) for (const w of quiet.splice(0)) w();
}

const quiet: Array<() => void> = [];

/**
 * Resolves when no page response is passing through the filter (or after `maxMs`). Every chunk of a filtered
 * response waits for this event page's thread, which also decodes and fingerprints: the scan's heavy steps wait
 * here, so the page's images come first.
 */
export function loadsQuiet(maxMs: number): Promise<void> {
  if (!copies.size) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(done, maxMs);
    function done() {
      clearTimeout(timer);
      resolve();
    }
    quiet.push(done);
  });
}

function onCompleted(d: WebRequest.OnCompletedDetailsType): void {
  const c = copies.get(d.requestId);
  if (!c) return;
  c.completed = true;
  if (c.stopped) end(d.requestId, true);
}

/** Registers the listeners; called synchronously at the top of the background (a woken event page needs them at once). */
export function captureImages(): void {
  const wr = (browser as { webRequest?: typeof browser.webRequest }).webRequest;
  if (!wr || typeof wr.filterResponseData !== 'function') return;
  const filter: WebRequest.RequestFilter = { urls: ['http://*/*', 'https://*/*'], types: ['image', 'imageset'] };
  wr.onBeforeRedirect.addListener((d) => {
    if (d.tabId >= 0 && !redirected.has(d.requestId)) redirected.set(d.requestId, d.url);
  }, filter);
  wr.onErrorOccurred.addListener((d) => {
    redirected.delete(d.requestId);
    end(d.requestId, false);
  }, filter);
  wr.onCompleted.addListener(onCompleted, filter);
  wr.onHeadersReceived.addListener(onHeaders, filter, ['blocking', 'responseHeaders']);
}

/**
 * The page's own response for an image of this tab, or undefined when there is none (an image served from the
 * memory cache or by a service worker never reaches webRequest; an unloaded event page lost its copies): the
 * caller fetches it then, and that is counted. Throws the SkipError a fetch would for a refused response.
 */
export async function pageResponse(tabId: number, url: string): Promise<Fetched | undefined> {
  const got = await store.take(captureKey(tabId, url), LIMITS.fetchTimeoutMs);
  if (got) captureCounts.captured++;
  else if (capturing()) captureCounts.fallback++;
  return got;
}

export function forgetCaptures(tabId: number): void {
  store.forgetTab(tabId);
}

function capturing(): boolean {
  return typeof (browser as { webRequest?: { filterResponseData?: unknown } }).webRequest?.filterResponseData === 'function';
}
