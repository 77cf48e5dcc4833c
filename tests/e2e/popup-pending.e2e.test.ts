/**
 * The popup reads the page's own scan (`scan/progress`): while images the page found still wait for their verdict,
 * it keeps saying "checking" with how many wait, rather than presenting the stored results as the page's final
 * answer ("no registered works") about images it has not judged yet. The test-hooks build holds the page's
 * visibility reports while its root has data-ll-test-hold-reports (src/content/scan/visibility.ts), so an image
 * added then stays waiting until the page lets go.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Frame, Page } from 'puppeteer-core';
import { openPopup, tabIdOf, waitForScan, type Session } from '../../scripts/lib/launch.js';
import { html, serveDemoImages, startListServer, type ListServer } from './list-helpers.js';
import { describeInBrowsers } from './setup.js';

const FILES = ['chelsea.jpg', 'coffee.jpg', 'rocket.jpg'];

let server: ListServer;
beforeAll(async () => {
  server = await startListServer();
  serveDemoImages(server, FILES);
  server.routes.set('/pending.html', html(FILES.slice(0, 2).map((f) => `<img src="/img/${f}" style="max-width: 300px">`).join('')));
  server.routes.set('/framed.html', html(`<img src="/img/${FILES[0]}" style="max-width: 300px"><iframe src="/inner.html" width="400" height="300"></iframe>`));
  server.routes.set('/inner.html', html(`<img src="/img/${FILES[1]}" style="max-width: 300px">`));
});
afterAll(async () => {
  await server?.close();
});

type Env = () => { session: Session };

/**
 * Opens `path`, waits for its two images, then adds a third, already loaded (so it is found once), in the frame
 * `where` picks, which holds its visibility report: found, not judged. The popup must count it as waiting, then
 * give the final answer once the frame lets it go.
 */
async function heldImageScenario(env: Env, path: string, where: (page: Page) => Frame): Promise<void> {
  const { session } = env();
  const page = await session.browser.newPage();
  try {
    await page.setViewport({ width: 1280, height: 800 });
    await page.goto(`${server.origin}${path}`);
    const tabId = await tabIdOf(session, `${server.origin}${path}`);
    await waitForScan(session, tabId, 2);
    const popup = await openPopup(session, tabId);
    const state = () => popup.$eval('#state', (el) => ({ kind: (el as HTMLElement).dataset.state, text: el.textContent }));
    // The popup's own answer for the settled page: it had its chance to read the page's count.
    await expect.poll(state, { timeout: 15_000 }).toEqual({ kind: 'none-registered', text: '2 images checked, none registered.' });

    const frame = where(page);
    await frame.evaluate(async (src) => {
      const img = new Image();
      img.src = src;
      img.style.maxWidth = '300px';
      await img.decode();
      document.documentElement.dataset.llTestHoldReports = '';
      document.body.append(img);
    }, `/img/${FILES[2]}`);
    await expect.poll(state, { timeout: 15_000 }).toEqual({ kind: 'scanning', text: "Checking this page's images… 2 checked so far, 1 still waiting." });

    await frame.evaluate(() => delete document.documentElement.dataset.llTestHoldReports);
    await expect.poll(state, { timeout: 30_000 }).toEqual({ kind: 'none-registered', text: '3 images checked, none registered.' });
    await popup.close();
  } finally {
    await page.close();
  }
}

describeInBrowsers(
  'popup while images still wait',
  (_kind, env) => {
    it('says how many images wait, then the final answer once they are judged', () => heldImageScenario(env, '/pending.html', (page) => page.mainFrame()), 90_000);

    it('counts the images that wait in a frame too', async () => {
      // Only the frame's own scan knows its image waits.
      await heldImageScenario(env, '/framed.html', (page) => {
        const inner = page.frames().find((f) => f.url().endsWith('/inner.html'));
        if (!inner) throw new Error('the frame /inner.html did not load');
        return inner;
      });
    }, 90_000);
  },
  { build: 'test-hooks' },
);
