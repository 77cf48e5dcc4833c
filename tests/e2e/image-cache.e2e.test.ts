/**
 * How often a page image is downloaded while the extension scans it, counted by the demo servers (every response
 * cacheable for an hour). Same-origin images the page already loaded are read from the page's own cache by the
 * content script (src/content/cached.ts): one download, the page's. Cross-origin images are still fetched by the
 * background, from the extension's cache partition: two downloads, asserted so that a browser that starts sharing
 * its cache with extensions shows up here (docs/architecture.md, "Second downloads").
 */
import { expect, it } from 'vitest';
import { enableDemo, tabIdOf, waitForScan } from '../../scripts/lib/launch.js';
import { cacheKeys, storedResults } from './lib/stored.js';
import { describeInBrowsers } from './setup.js';

const count = (requests: string[], path: string) => requests.filter((p) => p === path).length;

describeInBrowsers('image downloads', (kind, env) => {
  it('reads same-origin images from the page cache (one download), with the same verdicts and refusals', async () => {
    const { session, servers } = env();
    await enableDemo(session);
    const url = `${servers.pageOrigin}/fixtures/cache.html`;
    const page = await session.browser.newPage();
    await page.goto(url, { waitUntil: 'domcontentloaded' });
    const tabId = await tabIdOf(session, url);
    // The never-ending response is given up on after the fetch time limit (15 s).
    const report = await waitForScan(session, tabId, 7, 45_000);
    const path = (u: string) => new URL(u).pathname + new URL(u).search;
    expect(report.flagged.map((f) => path(f.url)).sort()).toEqual(['/images/astronaut.jpg?c=same', '/images/chelsea.jpg?c=cross']);
    expect([report.checked, report.skipped]).toEqual([3, 4]);
    const same = ['/images/astronaut.jpg?c=same', '/images/coffee.jpg?c=same'].map((p) => count(servers.pageRequests, p));
    expect(same, `${kind}: same-origin downloads`).toEqual([1, 1]);
    // The extension's fetch of a cross-origin image is its own download (cache partitioning, w3c/webextensions#708).
    const version = await session.browser.version();
    expect(count(servers.imageRequests, '/images/chelsea.jpg?c=cross'), `${version}: cross-origin downloads`).toBe(2);

    // Bytes from the page get the same limits as fetched ones, and nothing is cached for them.
    const reasons = Object.fromEntries(Object.entries(await storedResults(session, tabId)).map(([u, r]) => [u.split('/').pop(), r.reason ?? r.status]));
    expect(reasons['bomb.png?c=same']).toMatch(/declares 30000x30000 pixels/);
    expect(reasons['not-an-image.png?c=same']).toMatch(/not an image/);
    expect(reasons['truncated.jpg?c=same']).toMatch(/could not decode|truncated/);
    expect(reasons['never-finishes.jpg?c=same']).toMatch(/within 15 s/);
    expect(count(servers.pageRequests, '/bad/truncated.jpg?c=same')).toBe(1);
    expect((await cacheKeys(session)).some((k) => k.includes('/bad/'))).toBe(false);
    await page.click('#alive');
    expect(await page.$eval('#alive', (el) => el.textContent)).toBe('clicked');
    await page.close();
  });
});
