/**
 * Firefox reads the page's own image responses as they pass (src/background/scan/capture.ts) instead of
 * downloading each image again. The page must get exactly what the server sent, nothing may be kept of a
 * response cut off midway, and the images that never reach the network (here: a reload, served from Firefox's
 * memory image cache) fall back to the background's fetch, counted. Firefox only: Chrome has no
 * filterResponseData and keeps its second download (tests/e2e/downloads.e2e.test.ts).
 */
import { expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { enableDemo, tabIdOf, waitForScan, type Session } from '../../scripts/lib/launch.js';
import { describeInBrowsers } from './setup.js';

interface Counts {
  captured: number;
  fallback: number;
  held: number;
}

const counts = (s: Session) =>
  s.ext.evaluate(async () => {
    const bg = (await browser.runtime.getBackgroundPage()) as unknown as { licenseLensCapture: { counts: { captured: number; fallback: number }; store: { held: number } } };
    return { ...bg.licenseLensCapture.counts, held: bg.licenseLensCapture.store.held };
  }) as Promise<Counts>;

const pageResponses = (page: Page) =>
  page.evaluate(() => (window as unknown as { pageResponses: Promise<Array<{ id: string; loaded: boolean; same?: boolean }>> }).pageResponses);

describeInBrowsers(
  "the page's own image responses",
  (_kind, env) => {
    it('passes every byte to the page unchanged, keeps nothing of an aborted response, and counts the fallback fetches', async () => {
      const { session, servers } = env();
      await enableDemo(session);
      const url = `${servers.pageOrigin}/fixtures/page-response.html`;
      const page = await session.browser.newPage();
      await page.goto(url);
      const tabId = await tabIdOf(session, url);
      // What the page decoded from each filtered response equals its decode of the file fetched by script.
      const seen = await pageResponses(page);
      expect(seen.filter((r) => r.id !== 'aborted')).toEqual([
        { id: 'jpeg', loaded: true, same: true },
        { id: 'png', loaded: true, same: true },
        { id: 'after', loaded: true, same: true },
      ]);
      const report = await waitForScan(session, tabId, 4);
      // Every image the page loaded whole was scanned from the page's response: no second download.
      for (const p of ['/images/starry-night.jpg?c=pass', '/images/rocket.jpg?c=after']) expect(servers.pageRequests.filter((x) => x === p)).toHaveLength(1);
      expect(servers.imageRequests.filter((x) => x === '/images/generated-muse.png?c=pass')).toHaveLength(1);
      expect(report.checked).toBe(3);
      // The aborted response (half a JPEG the page still shows) left no copy: its verdict came from a fetch of its
      // own, dropped midway again (skipped), never from half a file.
      const first = await counts(session);
      expect(report.skipped).toBe(1);
      expect(first.captured).toBe(3);
      expect(first.fallback).toBe(1);
      expect(first.held).toBe(0);

      // A reload shows the images from the memory image cache: no request, so nothing to read; each one the scan
      // needs is fetched as before, and counted.
      await page.reload();
      await waitForScan(session, tabId, 3);
      const again = await counts(session);
      expect(again.captured).toBe(first.captured);
      expect(again.fallback - first.fallback).toBeGreaterThanOrEqual(3);
      await page.close();
    });
  },
  { build: 'test-hooks', browsers: ['firefox'] },
);
