/**
 * Positive signals for tests that assert something did NOT happen: first prove it had its chance, never after a
 * bare sleep.
 */
import type { Page } from 'puppeteer-core';
import { clickMenu, MENU_CHECK, rightClick, waitForCard } from '../../../scripts/lib/check-card.js';
import type { Session } from '../../../scripts/lib/launch.js';

/**
 * On a page where automatic scanning must not run (paused site, scanning off): the user's right-click check of the
 * unregistered image `selector` (allowed there) gets its verdict through the same content script and background a
 * scan would use. The content script sent its first scan request when it started, before it could answer this
 * check, so a scan that was not refused would have been under way first. Leaves the page scrolled to the top, card closed.
 */
export async function checkedByHand(session: Session, page: Page, tabId: number, selector: string): Promise<string | undefined> {
  const srcUrl = await page.$eval(selector, (el) => {
    el.scrollIntoView({ block: 'center' });
    return (el as HTMLImageElement).currentSrc || (el as HTMLImageElement).src;
  });
  await rightClick(page, selector);
  await clickMenu(session, tabId, { menuItemId: MENU_CHECK, mediaType: 'image', srcUrl });
  const card = await waitForCard(session, tabId);
  await page.keyboard.press('Escape');
  await page.evaluate(() => window.scrollTo(0, 0));
  return card.verdict;
}

/** Two animation frames of the page have run: whatever the content script draws for what it knows is drawn. */
export function nextFrames(page: Page): Promise<void> {
  return page.evaluate(() => new Promise<void>((r) => requestAnimationFrame(() => requestAnimationFrame(() => r()))));
}
