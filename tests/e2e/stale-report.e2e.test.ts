/**
 * An `<img>` still loading when the walk finds it is measured by the IntersectionObserver before it has loaded
 * (0 px high). When that report is handled only after the loaded image was found again (a loaded machine: the
 * reports wait in their slices), it must not count for the loaded image: it made a visible image an "icon", its
 * URL was dropped and never checked (the Chromium cli-parity stall, docs/page-scan.md). The test-hooks build holds
 * the reports while the page's root has data-ll-test-hold-reports; the page lets them go once its images loaded.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { tabIdOf, waitForScan } from '../../scripts/lib/launch.js';
import { html, serveDemoImages, slow, startListServer, type ListServer } from './list-helpers.js';
import { describeInBrowsers } from './setup.js';

const FILES = ['astronaut.jpg', 'astronaut-altered.jpg', 'astronaut-mirrored.jpg', 'chelsea.jpg', 'chelsea-cropped.jpg', 'coffee.jpg', 'rocket.jpg', 'starry-night.jpg'];
/** Long enough for the first observer report to come before the image has loaded. */
const IMAGE_DELAY_MS = 800;

let server: ListServer;
beforeAll(async () => {
  server = await startListServer();
  serveDemoImages(server, FILES, (h) => slow(h, IMAGE_DELAY_MS));
  server.routes.set(
    '/stale.html',
    html(
      `<script>document.documentElement.dataset.llTestHoldReports = '';
addEventListener('load', () => delete document.documentElement.dataset.llTestHoldReports);</script>` +
        FILES.map((f) => `<img src="/img/${f}" style="max-width: 300px">`).join(''),
    ),
  );
});
afterAll(async () => {
  await server?.close();
});

describeInBrowsers(
  'a report measured before the image loaded',
  (_kind, env) => {
    it('does not make a loaded image an icon: every image is checked', async () => {
      const { session } = env();
      const page = await session.browser.newPage();
      try {
        await page.setViewport({ width: 1280, height: 800 });
        await page.goto(`${server.origin}/stale.html`);
        // The hook held the reports until every image had loaded (the window's load event).
        await page.waitForFunction(() => document.documentElement.dataset.llTestHoldReports === undefined);
        const tabId = await tabIdOf(session, `${server.origin}/stale.html`);
        const report = await waitForScan(session, tabId, FILES.length, 30_000);
        expect(report.checked + report.skipped).toBe(FILES.length);
        expect(report.skipped).toBe(0);
      } finally {
        await page.close();
      }
    }, 90_000);
  },
  { build: 'test-hooks' },
);
