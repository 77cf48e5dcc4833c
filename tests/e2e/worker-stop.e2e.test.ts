/**
 * Nothing lost when the browser stops the background mid-scan: the batch in flight dies with the worker, the
 * content script sends it again, a new worker finishes it, and the tab's report and badge come out as if nothing
 * happened, with no image counted twice. Chromium: the service worker is terminated through DevTools; Firefox: the
 * event page is reloaded (what a suspended event page loses: globals and pending replies).
 */
import { expect, it } from 'vitest';
import { badgeText, enableDemo, tabIdOf, tabReport, waitForScan } from '../../scripts/lib/launch.js';
import { stopBackground } from '../../scripts/lib/stop-background.js';
import { describeInBrowsers } from './setup.js';
import { fetchPathOnly } from './lib/capture-switch.js';

describeInBrowsers('background stopped mid-scan', (kind, env) => {
  // Chromium: the service worker is terminated; Firefox: the event page is reloaded (scripts/lib/launch.ts).
  it(`finishes the scan after the ${kind === 'chrome' ? 'worker is stopped' : 'event page is reloaded'} with a batch in flight, without duplicates`, async () => {
    const { session, servers } = env();
    await enableDemo(session);
    await fetchPathOnly(kind, session);
    const page = await session.browser.newPage();
    const url = `${servers.pageOrigin}/slow.html`;
    await page.goto(url);
    const tabId = await tabIdOf(session, url);
    // The page fetched each /slow/ image once; a second request of one is the background's batch, held 3 s.
    const fetches = () => servers.imageRequests.filter((p) => p.startsWith('/slow/chelsea.jpg')).length;
    await expect.poll(fetches, { timeout: 20_000, interval: 50, message: 'the background never started fetching the batch' }).toBeGreaterThanOrEqual(2);
    const midScan = await tabReport(session, tabId);
    expect(midScan.checked + midScan.skipped).toBe(0); // the batch is still in flight
    await stopBackground(session);

    const report = await waitForScan(session, tabId, 3, 60_000);
    expect(report.flagged.map((r) => r.url.split('/').pop()).sort()).toEqual(['astronaut.jpg', 'chelsea.jpg']);
    expect(report.checked).toBe(3);
    expect(report.skipped).toBe(0);
    expect(await badgeText(session, tabId)).toBe('2');
    // The batch really was sent again to a new background (the one that had it is gone, and the results are stored).
    // Firefox: the reload aborted the event page's fetch, so the new one fetched the image again. Chrome: the fetch
    // runs in the offscreen document (src/background/scan/offscreen.ts), which outlives the worker and finishes it into
    // the HTTP cache, where the new worker's request for the same image finds it: no third request to the server.
    if (kind === 'firefox') expect(fetches()).toBeGreaterThanOrEqual(3);
    // Nothing half-written or doubled in storage: one meta key for the tab and batches holding each image once.
    const stored = await session.ext.evaluate(async (id: number) => {
      const all = (await chrome.storage.session.get(null)) as Record<string, unknown>;
      // Batch keys (not the thumbnails' `:t` nor the works' `:w` keys), packed: `r` holds a batch's results by URL.
      const batches = Object.keys(all).filter((k) => k.startsWith(`tab:${id}:`) && !k.endsWith(':t') && !k.endsWith(':w'));
      const urls = batches.flatMap((k) => Object.keys((all[k] as { r: object }).r));
      return { meta: !!all[`tab:${id}`], urls: urls.length, distinct: new Set(urls).size };
    }, tabId);
    expect(stored).toEqual({ meta: true, urls: 3, distinct: 3 });
    await page.close();
  });
}, { build: 'test-hooks' });
