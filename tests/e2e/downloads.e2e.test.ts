/**
 * How often a page image is downloaded while the extension scans it, counted by the demo servers (every response
 * cacheable for an hour). Both browsers partition the HTTP cache by top-level site and the extension's fetches
 * come from its own origin, so each image the page loaded is downloaded a second time, same-origin or not
 * (docs/page-scan.md, "Second downloads": reading same-origin images from the page's cache in the content
 * script was built and measured, and not shipped for its cost to the page's main thread). Asserted with the
 * browser version, so that a browser that starts sharing its cache with extensions shows up here.
 */
import { expect, it } from 'vitest';
import { enableDemo, tabIdOf, waitForScan } from '../../scripts/lib/launch.js';
import { describeInBrowsers } from './setup.js';

const count = (requests: string[], path: string) => requests.filter((p) => p === path).length;
const SAME_ORIGIN = ['/images/astronaut.jpg?c=same', '/images/coffee.jpg?c=same'];

describeInBrowsers('image downloads', (kind, env) => {
  it('downloads each page image once more for its verdict, same-origin and cross-origin', async () => {
    const { session, servers } = env();
    await enableDemo(session);
    const url = `${servers.pageOrigin}/fixtures/downloads.html`;
    const page = await session.browser.newPage();
    await page.goto(url);
    const tabId = await tabIdOf(session, url);
    const report = await waitForScan(session, tabId, 3);
    const path = (u: string) => new URL(u).pathname + new URL(u).search;
    expect(report.flagged.map((f) => path(f.url)).sort()).toEqual(['/images/astronaut.jpg?c=same', '/images/chelsea.jpg?c=cross']);
    expect(report.checked).toBe(3);
    const version = `${kind} ${await session.browser.version()}`;
    const same = SAME_ORIGIN.map((p) => count(servers.pageRequests, p));
    expect(same, `${version}: same-origin downloads`).toEqual([2, 2]);
    expect(count(servers.imageRequests, '/images/chelsea.jpg?c=cross'), `${version}: cross-origin downloads`).toBe(2);
    // A third look at the page (reload) costs no download: the page and the extension each hit their own cache.
    await page.reload();
    await waitForScan(session, tabId, 3);
    expect(SAME_ORIGIN.map((p) => count(servers.pageRequests, p))).toEqual([2, 2]);
    await page.close();
  });
});
