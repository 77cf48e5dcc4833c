import type { Page } from 'puppeteer-core';
import { expect, it } from 'vitest';
import { badgeText, enableDemo, tabIdOf, tabReport, waitForScan, type Session } from '../../scripts/lib/launch.js';
import { pollUntil } from '../../scripts/lib/poll.js';
import type { TabReport } from '../../src/lib/protocol/messages.js';
import { cacheKeys } from './lib/fingerprint-cache.js';
import { checkedByHand, nextFrames } from './lib/signals.js';
import { marksAt } from './mark-pixels.js';
import { describeInBrowsers } from './setup.js';

/** Every kind on tests/fixtures/pages/kinds.html that shows a registered demo image (its ?k= value). */
const FLAGGED_KINDS = [
  'img', 'srcset', 'picture', 'svg', 'poster', 'input', 'bg-layer', 'imageset', 'before', 'border', 'mask', 'list',
  'same-origin', 'exif', 'hotlink', 'shadow-open', 'shadow-closed', 'iframe', 'about-blank', 'native-lazy', 'lazy', 'infinite',
];
/** Flagged images whose URL has no ?k= (read in the page and sent as data). */
const INLINE_FLAGGED = 2; // the blob: image and the long data: URL

const kindOf = (url: string) => /[?&]k=([\w-]+)/.exec(url)?.[1] ?? (url.startsWith('blob:') ? 'blob' : url.startsWith('data:') ? 'data' : url);

async function waitFor(session: Session, tabId: number, test: (r: TabReport) => boolean, what: string, timeoutMs = 40_000): Promise<TabReport> {
  return pollUntil(() => tabReport(session, tabId), test, (r) => `${what}: not reached; flagged ${r.flagged.map((f) => kindOf(f.url)).join(',')}`, { timeoutMs, everyMs: 300 });
}

/** The element at a point, as the page sees it (marks take no hit tests: always the page's own element). */
function hitAt(page: Page, selector: string, dx: number, dy: number): Promise<string> {
  return page.evaluate(
    (sel: string, x: number, y: number) => {
      const r = document.querySelector(sel)!.getBoundingClientRect();
      const hit = document.elementFromPoint(r.left + x, r.top + y);
      return hit ? hit.tagName.toLowerCase() + (hit.id ? `#${hit.id}` : '') : 'none';
    },
    selector,
    dx,
    dy,
  );
}

const mark = async (page: Page, sel: string) => (await marksAt(page, [sel]))[sel];

describeInBrowsers('page scan', (kind, env) => {
  it('finds and flags every kind of registered image exactly once, marks it, and leaves the decoys alone', async () => {
    const { session, servers } = env();
    await enableDemo(session);
    const page = await session.browser.newPage();
    await page.setViewport({ width: 1280, height: 900 });
    await page.goto(`${servers.pageOrigin}/fixtures/kinds.html`);
    const tabId = await tabIdOf(session, `${servers.pageOrigin}/fixtures/kinds.html`);
    const before = FLAGGED_KINDS.filter((k) => !['native-lazy', 'lazy', 'infinite'].includes(k));
    await waitFor(session, tabId, (r) => r.flagged.length >= before.length + INLINE_FLAGGED, 'images above the fold flagged');

    // Lazy and infinite-scroll images are found once they appear.
    await page.evaluate(() => document.getElementById('lazy')!.scrollIntoView());
    await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
    await page.waitForSelector('#infinite');
    await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
    await waitFor(session, tabId, (r) => r.flagged.length >= FLAGGED_KINDS.length + INLINE_FLAGGED, 'all flagged');
    // The clear decoys, the last of them found with the infinite scroll, have their verdicts: the scan has been over
    // the whole page, so what is not reported below had its chance.
    const clearDecoys = async () => Object.entries(await storedResults(session, tabId)).filter(([u, r]) => r.status === 'clear' && kindOf(u).startsWith('decoy-')).length;
    await expect.poll(clearDecoys, { timeout: 20_000 }).toBe(3);
    const final = await tabReport(session, tabId);
    const flagged = final.flagged.map((f) => kindOf(f.url)).sort();
    expect(flagged).toEqual([...FLAGGED_KINDS, 'blob', 'data'].sort());
    expect(new Set(final.flagged.map((f) => f.url)).size).toBe(final.flagged.length);
    // The hotlink-protected image was fetched with the page as Referer (the declarativeNetRequest rule): never refused.
    expect(servers.imageRequests.filter((p) => p.startsWith('/hotlink/')).length).toBeGreaterThanOrEqual(1);
    expect(servers.refused).toEqual([]);
    expect(final.flagged.find((f) => kindOf(f.url) === 'data')!.url.length).toBeLessThan(200);

    // Decoys: unregistered ones are checked and clear; tiny, hidden and unshown candidates are never reported.
    const stored = await storedResults(session, tabId);
    const statusOf = (k: string) => Object.entries(stored).find(([u]) => kindOf(u) === k)?.[1].status;
    for (const k of ['decoy-img', 'decoy-bg-layer', 'decoy-infinite']) expect(statusOf(k), k).toBe('clear');
    for (const k of ['decoy-tiny', 'decoy-tracker', 'decoy-hidden', 'decoy-srcset-2x', 'decoy-srcset-src', 'decoy-picture-fallback', 'imageset-2x']) {
      expect(statusOf(k), k).toBeUndefined();
    }
    expect(Object.values(stored).filter((r) => r.status === 'clear')).toHaveLength(4); // the three above + the coffee data: URL
    expect(await badgeText(session, tabId)).toBe(String(FLAGGED_KINDS.length + INLINE_FLAGGED));

    // The mark sits over its image's top-left corner (read from a screenshot), none is on a decoy, and the page's
    // own hit testing finds the image under it.
    await page.evaluate(() => window.scrollTo(0, 0));
    const marked = ['#img', '#srcset', '#layers', '#same-origin', '#exif'];
    await expect.poll(() => marksAt(page, marked), { timeout: 10_000, interval: 300 }).toEqual(Object.fromEntries(marked.map((s) => [s, 'red'])));
    expect(await hitAt(page, '#img', 12, 12)).toBe('img#img');
    for (const sel of ['#decoy', '#decoy-data']) expect(await mark(page, sel), `no mark on ${sel}`).toBeNull();

    // Marks follow reflow and vanish with their image.
    await page.evaluate(() => document.body.insertBefore(Object.assign(document.createElement('div'), { style: 'height:120px' }), document.body.firstChild));
    await expect.poll(() => mark(page, '#img'), { timeout: 10_000, interval: 300 }).toBe('red');
    // Replaced by a blank box of the same size, so nothing else moves under the old corner.
    await page.evaluate(() => {
      const img = document.getElementById('img')!;
      img.replaceWith(Object.assign(document.createElement('div'), { id: 'blank', style: 'display:inline-block;width:236px;height:176px' }));
    });
    await expect.poll(() => mark(page, '#blank'), { timeout: 10_000, interval: 300 }).toBeNull();
    await page.close();
  });

  it('keeps the page working next to a 404, HTML as PNG, a truncated JPEG, a decompression bomb and a server that never finishes', async () => {
    const { session, servers } = env();
    await enableDemo(session);
    const page = await session.browser.newPage();
    await page.goto(`${servers.pageOrigin}/fixtures/hostile.html`, { waitUntil: 'domcontentloaded' });
    const tabId = await tabIdOf(session, `${servers.pageOrigin}/fixtures/hostile.html`);
    // The never-ending one is given up on after the fetch time limit (15 s).
    const report = await waitForScan(session, tabId, 7, 45_000);
    expect(report.flagged.map((r) => kindOf(r.url))).toEqual(['hostile']);
    expect(report.checked).toBe(2);
    expect(report.skipped).toBe(5);
    await page.click('#alive');
    expect(await page.$eval('#alive', (el) => el.textContent)).toBe('clicked');
    const reasons = Object.fromEntries(Object.entries(await storedResults(session, tabId)).map(([u, r]) => [u.split('/').pop(), r.reason ?? r.status]));
    expect(reasons['bomb.png?k=css']).toMatch(/declares 30000x30000 pixels/);
    expect(reasons['missing.jpg?k=404']).toBe('HTTP 404');
    expect(reasons['never-finishes.jpg?k=css']).toMatch(/within 15 s/);
    expect(reasons['not-an-image.png?k=css']).toMatch(/not an image/);
    expect(reasons['truncated.jpg?k=css']).toMatch(/could not decode|truncated/);
    // Nothing is stored for the bad images; the good ones are in the fingerprint cache (written after the verdict,
    // batched: storeFingerprintSoon, so give it its moment).
    await expect.poll(async () => (await cacheKeys(session)).some((k) => k.includes('chelsea.jpg?k=hostile')), { timeout: 5_000 }).toBe(true);
    expect((await cacheKeys(session)).some((k) => /bad\/|missing/.test(k))).toBe(false);
    await page.close();
  });

  it('stays responsive on a page with 5,000 tiny images and still flags the real one', async () => {
    const { session, servers } = env();
    await enableDemo(session);
    const page = await session.browser.newPage();
    await page.goto(`${servers.pageOrigin}/gen/tiny.html?n=5000`, { waitUntil: 'domcontentloaded' });
    const tabId = await tabIdOf(session, `${servers.pageOrigin}/gen/tiny.html?n=5000`);
    const report = await waitForScan(session, tabId, 2);
    expect(report.flagged.map((r) => kindOf(r.url))).toEqual(['many']);
    expect(report.checked + report.skipped).toBe(2);
    await page.click('#alive');
    expect(await page.$eval('#alive', (el) => el.textContent)).toBe('clicked');
    await page.close();
  });

  it('draws no mark when marks are off, and checks nothing on a paused site', async () => {
    const { session, servers } = env();
    await enableDemo(session);
    const setSettings = (v: Record<string, unknown>) =>
      session.ext.evaluate((p: Record<string, unknown>) => chrome.runtime.sendMessage({ type: 'settings/set', payload: p }), v);
    try {
      await setSettings({ marksEnabled: false });
      const page = await session.browser.newPage();
      await page.goto(`${servers.pageOrigin}/?marks=off`);
      const tabId = await tabIdOf(session, `${servers.pageOrigin}/?marks=off`);
      expect((await waitForScan(session, tabId, 6)).flagged).toHaveLength(4);
      // The content script reports the flagged images it shows right after it would have marked them (scanner.ts
      // post()), and a mark is drawn in the next frame: both have happened before the screenshot.
      await expect.poll(() => shownCount(session, tabId)).toBe(4);
      await nextFrames(page);
      expect(await mark(page, 'img')).toBeNull();

      await setSettings({ marksEnabled: true, pausedSites: ['127.0.0.1'] });
      await page.goto(`${servers.pageOrigin}/?paused`);
      const paused = await tabIdOf(session, `${servers.pageOrigin}/?paused`);
      // A later verdict on the same page (the one image checked by hand, unregistered: no badge, no mark) first.
      await checkedByHand(session, page, paused, 'img[src$="/coffee.jpg"]');
      const r = await tabReport(session, paused);
      expect(r.checked + r.skipped).toBe(1);
      expect(r.flagged).toEqual([]);
      expect(await badgeText(session, paused)).toBe('');
      expect(await mark(page, 'img')).toBeNull();
      await page.close();
    } finally {
      await setSettings({ marksEnabled: true, pausedSites: [] });
    }
  });

  it(`navigating resets the badge (${kind})`, async () => {
    const { session, servers } = env();
    const page = await session.browser.newPage();
    await page.goto(`${servers.pageOrigin}/gen/tiny.html?n=10`);
    const tabId = await tabIdOf(session, `${servers.pageOrigin}/gen/tiny.html?n=10`);
    await waitForScan(session, tabId, 2);
    expect(await badgeText(session, tabId)).toBe('1');
    await page.goto(`${servers.pageOrigin}/empty.html`);
    await waitForScan(session, tabId, 0);
    expect(await badgeText(session, tabId)).toBe('');
    await page.close();
  });
});

/** How many flagged images the tab's frames report they show (src/background/tab-results/presence-store.ts). */
function shownCount(session: Session, tabId: number): Promise<number> {
  return session.ext.evaluate(async (id: number) => {
    const stored = (await chrome.storage.session.get(`present:${id}`))[`present:${id}`] as { urls: Record<string, number[]> } | undefined;
    return Object.values(stored?.urls ?? {}).filter((frames) => frames.length > 0).length;
  }, tabId);
}

/** Every result the background stored for a tab (the popup's source), by image URL. */
async function storedResults(session: Session, tabId: number): Promise<Record<string, { status: string; reason?: string }>> {
  return session.ext.evaluate(async (id: number) => {
    // One meta key per tab and one key per stored batch (src/background/tab-results/tab-store.ts); later batches win. A batch is
    // packed (src/background/tab-results/tab-batch.ts): `r` maps each URL to its result, or to its check time when it is clear.
    const meta = (await chrome.storage.session.get(`tab:${id}`))[`tab:${id}`] as { page: string; batches: number } | undefined;
    if (!meta) return {};
    const keys = Array.from({ length: meta.batches }, (_, n) => `tab:${id}:${meta.page}:${n}`);
    const batches = await chrome.storage.session.get(keys);
    const out: Record<string, { status: string; reason?: string }> = {};
    for (const k of keys) {
      const packed = (batches[k] as { r?: Record<string, number | { status: string; reason?: string }> } | undefined)?.r ?? {};
      for (const [url, r] of Object.entries(packed)) out[url] = typeof r === 'number' ? { status: 'clear' } : r;
    }
    return out;
  }, tabId);
}
