/**
 * A page opened in a background tab and never shown is still scanned: its document is hidden, gets no rendering
 * frames, and so no IntersectionObserver report (Chromium); the content script then treats its images as
 * off-screen after a short wait and checks them all.
 */
import { expect, it } from 'vitest';
import { badgeText, enableDemo, tabIdOf, waitForScan } from '../../scripts/lib/launch.js';
import { describeInBrowsers } from './setup.js';

const IMAGES = 48;
/** /gen/scroll.html cycles through 8 files; these are in the demo list (the mirrored and cropped copies may match too). */
const REGISTERED = ['astronaut.jpg', 'chelsea.jpg', 'starry-night.jpg'];
const UNRELATED = ['coffee.jpg', 'rocket.jpg', 'generated-other.png'];

describeInBrowsers('background tab', (_kind, env) => {
  it('checks every image of a page opened in a background tab that is never shown', async () => {
    const { session, servers } = env();
    await enableDemo(session);
    const url = `${servers.pageOrigin}/gen/scroll.html?tag=bg&n=${IMAGES}&first=${IMAGES}`;
    await session.ext.evaluate((u: string) => chrome.tabs.create({ url: u, active: false }), url);
    const tabId = await tabIdOf(session, url);
    const report = await waitForScan(session, tabId, IMAGES, 90_000);
    expect(report.checked + report.skipped).toBe(IMAGES);
    expect(report.skipped).toBe(0);
    const files = new Set(report.flagged.map((r) => new URL(r.url).pathname.split('/').pop()));
    for (const f of REGISTERED) expect(files.has(f), f).toBe(true);
    for (const f of UNRELATED) expect(files.has(f), f).toBe(false);
    expect(new Set(report.flagged.map((r) => r.url)).size).toBe(report.flagged.length);
    expect(await badgeText(session, tabId)).toBe(String(report.flagged.length));

    // It really stayed in the background, hidden, the whole time.
    expect(await session.ext.evaluate(async (id: number) => (await chrome.tabs.get(id)).active, tabId)).toBe(false);
    const page = (await session.browser.pages()).find((p) => p.url() === url);
    expect(await page!.evaluate(() => document.visibilityState)).toBe('hidden');
    await session.ext.evaluate((id: number) => chrome.tabs.remove(id), tabId);
  });
});
