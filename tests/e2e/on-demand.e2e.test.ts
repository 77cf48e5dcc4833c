/**
 * The right-click check on a page that loaded without host access (no content script in it): the background
 * injects the content script on demand (src/background/right-click/inject.ts), which draws the card next to the image and does
 * not scan the rest of the page. The activeTab grant itself needs a real menu click, which automation cannot
 * make; the test stands in for it by giving the page's one origin back after the page loaded (Firefox: a
 * permissions.request from a click; Chrome: "allow on this site"), which does not inject declared scripts.
 */
import { expect, it } from 'vitest';
import { enableDemo, tabIdOf, tabReport, type Session } from '../../scripts/lib/launch.js';
import { cardState, checkViaMenu, rightClick, MENU_CHECK } from './ext-helpers.js';
import { grantOrigin, removeHostAccess } from './host-access-helpers.js';
import { describeInBrowsers } from './setup.js';

async function hasContentScript(s: Session, tabId: number): Promise<boolean> {
  return cardState(s, tabId).then(
    () => true,
    () => false,
  );
}

describeInBrowsers(
  'right-click check without host access',
  (kind, env) => {
    it('injects the content script for the clicked image, shows the card, and scans nothing else', async () => {
      const { session, servers } = env();
      await enableDemo(session);
      const page = await session.browser.newPage();
      await page.setViewport({ width: 1280, height: 900 });
      const url = `${servers.pageOrigin}/context.html`;
      await page.goto(url);
      // Found by URL while access lasts: without it the browser hides the tab's URL from the extension.
      const tabId = await tabIdOf(session, url);
      await removeHostAccess(session);
      await page.reload({ waitUntil: 'load' });
      await grantOrigin(session, servers.pageOrigin);

      // A control tab loaded after the page, now with access, gets the declared script: by the time it answers, the
      // page's own load (earlier, without access) has had its chance too, and granting access injected nothing.
      const control = await session.browser.newPage();
      const controlUrl = `${url}?control`;
      await control.goto(controlUrl, { waitUntil: 'load' });
      const controlTab = await tabIdOf(session, controlUrl);
      await expect.poll(() => hasContentScript(session, controlTab), { timeout: 20_000, interval: 200 }).toBe(true);
      await control.close();
      expect(await hasContentScript(session, tabId)).toBe(false);

      const dataUrl = await page.$eval('#data', (img) => (img as HTMLImageElement).src);
      await rightClick(page, '#data');
      let card = await checkViaMenu(session, tabId, { menuItemId: MENU_CHECK, mediaType: 'image', srcUrl: dataUrl });
      expect(card.verdict).toBe('unlicensed');
      expect(card.text).toContain('Portrait Muse v2');
      await page.keyboard.press('Escape');

      // An <img> from the other origin: the second menu click finds the injected script and does not inject again.
      card = await checkViaMenu(session, tabId, { menuItemId: MENU_CHECK, mediaType: 'image', srcUrl: `${servers.imageOrigin}/images/chelsea.jpg` });
      expect(card.verdict).toBe('unlicensed');

      // Only the two checked images: the injected script did not scan the page (context.html has more images).
      const report = await tabReport(session, tabId);
      expect(report.checked).toBe(2);
      expect(report.flagged).toHaveLength(2);
      await page.close();
    });
  },
  { autoGrantPermissions: true },
);
