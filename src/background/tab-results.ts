/**
 * Per-tab scan results in storage.session: they survive the service worker being stopped, and vanish with the
 * browser session, as tabs do. Writes for one tab are serialised so two batches never overwrite each other.
 */
import browser from '../browser.js';
import type { ImageResult, TabReport } from '../lib/messages.js';

interface TabState {
  pageUrl: string;
  images: Record<string, ImageResult>;
}

const key = (tabId: number) => `tab:${tabId}`;
const queues = new Map<number, Promise<unknown>>();

function serialised<T>(tabId: number, fn: () => Promise<T>): Promise<T> {
  const run = (queues.get(tabId) ?? Promise.resolve()).then(fn, fn);
  const tail = run.catch(() => undefined);
  queues.set(tabId, tail);
  void tail.then(() => {
    if (queues.get(tabId) === tail) queues.delete(tabId);
  });
  return run;
}

async function read(tabId: number): Promise<TabState | undefined> {
  const got = await browser.storage.session.get(key(tabId));
  return got[key(tabId)] as TabState | undefined;
}

export function resetTab(tabId: number, pageUrl: string): Promise<void> {
  return serialised(tabId, () => browser.storage.session.set({ [key(tabId)]: { pageUrl, images: {} } satisfies TabState }));
}

export function forgetTab(tabId: number): Promise<void> {
  return serialised(tabId, () => browser.storage.session.remove(key(tabId)));
}

/** Adds results for a page; results for another page than the one stored (a navigation raced us) are dropped. */
export function addResults(tabId: number, pageUrl: string, results: ImageResult[]): Promise<TabState> {
  return serialised(tabId, async () => {
    const state = (await read(tabId)) ?? { pageUrl, images: {} };
    if (state.pageUrl !== pageUrl) return state;
    for (const r of results) state.images[r.url] = r;
    await browser.storage.session.set({ [key(tabId)]: state });
    return state;
  });
}

export async function knownResults(tabId: number, pageUrl: string): Promise<Map<string, ImageResult>> {
  const state = await read(tabId);
  return new Map(state && state.pageUrl === pageUrl ? Object.entries(state.images) : []);
}

export function flaggedCount(state: TabState | undefined): number {
  return state ? Object.values(state.images).filter((r) => r.status === 'matched').length : 0;
}

export async function report(tabId: number): Promise<TabReport> {
  const state = await read(tabId);
  const images = state ? Object.values(state.images) : [];
  return {
    tabId,
    pageUrl: state?.pageUrl ?? '',
    checked: images.filter((r) => r.status === 'matched' || r.status === 'clear').length,
    skipped: images.filter((r) => r.status === 'skipped' || r.status === 'error').length,
    flagged: images.filter((r) => r.status === 'matched'),
  };
}

/**
 * Adds one right-click check to the tab's results. Unlike a scan batch it is never dropped: when the stored
 * results are for another page (automatic scanning is paused or off here, so nothing reset them), the tab starts
 * over with this page.
 */
export function addChecked(tabId: number, pageUrl: string, result: ImageResult): Promise<void> {
  return serialised(tabId, async () => {
    const stored = await read(tabId);
    const state = stored && stored.pageUrl === pageUrl ? stored : { pageUrl, images: {} };
    state.images[result.url] = result;
    await browser.storage.session.set({ [key(tabId)]: state });
  });
}
