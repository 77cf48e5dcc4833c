/**
 * The right-click check: find the image the user pointed at, run the same checkImage as the page scan (even
 * where automatic scanning is paused or off: the user asked for this one), keep the result with the tab's results
 * so the popup lists it, and show it in the card next to the image.
 */
import browser from '../../browser.js';
import type { ImageResult } from '../../lib/protocol/index.js';
import { sendToPage } from '../../page-messaging.js';
import { showCount } from '../badge.js';
import { addChecked, flaggedOnPage } from '../tab-results/index.js';
import { withPageReferer } from '../scan/referer.js';
import { checkImage } from '../scan/scan.js';
import { hostAccessWith, inlineKey } from '../../lib/page/index.js';
import { ensurePageSide } from './inject.js';
import { sourceInfo } from '../lists/list-handlers.js';
import { sourceNames } from '../../lib/license/index.js';

export interface PointedImage {
  tabId: number;
  frameId: number;
  /** The top page's URL: licenses are held by the site the image is shown on. */
  pageUrl: string;
  /** The browser's own image URL for an <img> (absent for backgrounds, where the content script knows). */
  srcUrl?: string;
  register: boolean;
}

export function registerPageUrl(imageUrl: string): string {
  return browser.runtime.getURL(`src/options/index.html#register=${encodeURIComponent(imageUrl)}`);
}

export async function checkInPage(p: PointedImage): Promise<ImageResult | undefined> {
  // A frame loaded without host access has no content script: the click's activeTab grant lets one be injected.
  await ensurePageSide(p.tabId, p.frameId);
  const target = await sendToPage(p.tabId, 'target/get', {}, p.frameId);
  const url = p.srcUrl || target?.url;
  if (!url) {
    await sendToPage(p.tabId, 'card/show', { state: 'error', url: '', error: browser.i18n.getMessage('cardNoImage') }, p.frameId);
    return undefined;
  }
  if (p.register) {
    await browser.tabs.create({ url: registerPageUrl(url) });
    return undefined;
  }
  await sendToPage(p.tabId, 'card/show', { state: 'checking', url }, p.frameId);
  try {
    // A data: image is stored under the key the page scan uses for it, so one image never gives two results.
    // With the page as Referer and, on a local page, its local image allowed past the redirect guard, as in a page scan.
    const result = url.startsWith('data:') ? await checkImage(inlineKey(url), p.pageUrl, { data: url }) : await withPageReferer(p.pageUrl, [url], () => checkWithoutHostAccess(p, url));
    await addChecked(p.tabId, p.pageUrl, result);
    await showCount(p.tabId, await flaggedOnPage(p.tabId));
    // The card names a match's list as the popup does; without the names it could only show the list's id.
    const names = result.status === 'matched' ? sourceNames(await sourceInfo().catch(() => ({})), (key, subs) => browser.i18n.getMessage(key, subs) || key) : undefined;
    await sendToPage(p.tabId, 'card/show', { state: 'result', result, sourceNames: names }, p.frameId);
    return result;
  } catch (e) {
    const error = e instanceof Error ? e.message : String(e);
    await sendToPage(p.tabId, 'card/show', { state: 'error', url, error }, p.frameId);
    return undefined;
  }
}

/**
 * Without host access, `activeTab` lets the background fetch only from the clicked tab's origin: an image from
 * another site fails. The page may still read it (same origin or CORS-clean), so ask the content script; when it
 * cannot either, the result says what is missing instead of a bare network error.
 */
async function checkWithoutHostAccess(p: PointedImage, url: string): Promise<ImageResult> {
  // In the worker, not Chrome's offscreen document: the click's activeTab grant may be all the access there is.
  const first = await checkImage(url, p.pageUrl, { viaDocument: false });
  if (first.status !== 'error' || (await hostAccessWith(browser.permissions)) === 'granted') return first;
  const read = await sendToPage(p.tabId, 'image/read', { url }, p.frameId);
  if (read?.data) return checkImage(url, p.pageUrl, { data: read.data });
  return { ...first, reason: browser.i18n.getMessage('accessCheckNeedsHost') || first.reason };
}
