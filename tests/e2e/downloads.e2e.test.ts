/**
 * How often a page image is downloaded while the extension scans it, counted by the demo servers (every response
 * cacheable for an hour). Both browsers partition the HTTP cache by top-level site and the extension's fetches
 * come from its own origin, so a fetch by the extension downloads each image the page loaded a second time,
 * same-origin or not (docs/page-scan.md, "Second downloads"). Firefox reads the page's own response as it passes
 * instead (src/background/scan/capture.ts): one download. Chrome has no such API: two. Asserted with the browser
 * version, so that a browser that changes this shows up here.
 */
import { expect, it } from 'vitest';
import { enableDemo, tabIdOf, waitForScan } from '../../scripts/lib/launch.js';
import { describeInBrowsers } from './setup.js';

const count = (requests: string[], path: string) => requests.filter((p) => p === path).length;
const SAME_ORIGIN = ['/images/astronaut.jpg?c=same', '/images/coffee.jpg?c=same'];

describeInBrowsers('image downloads', (kind, env) => {
  it('downloads each page image once in Firefox (its own response read) and twice in Chrome, same-origin and cross-origin', async () => {
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
    // Firefox reads the page's own responses as they pass (src/background/scan/capture.ts); Chrome downloads again.
    const per = kind === 'firefox' ? 1 : 2;
    const same = SAME_ORIGIN.map((p) => count(servers.pageRequests, p));
    expect(same, `${version}: same-origin downloads`).toEqual([per, per]);
    expect(count(servers.imageRequests, '/images/chelsea.jpg?c=cross'), `${version}: cross-origin downloads`).toBe(per);
    // A reload: the page and the extension each hit their own cache, so Chrome downloads nothing more. Firefox
    // shows the images from its memory image cache, which no webRequest event sees: the scan falls back to its own
    // fetch (counted, tests/e2e/page-response.e2e.test.ts), one download per image, after which its cache has them.
    await page.reload();
    await waitForScan(session, tabId, 3);
    expect(SAME_ORIGIN.map((p) => count(servers.pageRequests, p)), `${version}: after a reload`).toEqual([2, 2]);
    await page.close();
  });
});
