import type { Page } from 'puppeteer-core';
import { expect, it } from 'vitest';
import { badgeText, enableDemo, openPopup, tabIdOf, tabReport, waitForScan, type Session } from '../../scripts/lib/launch.js';
import { pollUntil } from '../../scripts/lib/poll.js';
import { checkedByHand } from './lib/signals.js';
import { marksAt } from './mark-pixels.js';
import { describeInBrowsers } from './setup.js';

/** Polls until `read()` gives `want` (the page and the background react within a few hundred ms). */
async function until<T>(read: () => Promise<T>, want: T, what: string, timeoutMs = 10_000): Promise<void> {
  await pollUntil(read, (got) => got === want, (got) => `${what}: wanted ${String(want)}, still ${String(got)}`, { timeoutMs });
}

/** The colour of the mark over an image's top-left corner (null: none), scrolled into view, from a screenshot. */
async function cornerOf(page: Page, selector: string): Promise<string | null> {
  const found = await page.evaluate((sel: string) => {
    const el = document.querySelector(sel);
    el?.scrollIntoView({ block: 'center' });
    return !!el;
  }, selector);
  return found ? (await marksAt(page, [selector]))[selector]! : 'gone';
}

/** The popup's counts and the files of the flagged images it lists. */
const popupShows = (popup: Page) =>
  popup.evaluate(() => ({
    flagged: document.getElementById('counts')!.dataset.flagged,
    checked: document.getElementById('counts')!.dataset.checked,
    files: [...document.querySelectorAll<HTMLElement>('#flagged [data-url]')].map((el) => el.dataset.url!.split('/').pop()!).sort(),
  }));

const setSettings = (session: Session, v: Record<string, unknown>) =>
  session.ext.evaluate((p: Record<string, unknown>) => chrome.runtime.sendMessage({ type: 'settings/set', payload: p }), v);

// The demo page: 4 flagged images (astronaut, chelsea, starry-night, astronaut-altered), 2 clear, 1 missing.
describeInBrowsers('page changes after the scan', (kind, env) => {
  it(`the toolbar badge follows flagged images leaving and coming back, and navigation resets it (${kind})`, async () => {
    const { session, servers } = env();
    await enableDemo(session);
    const page = await session.browser.newPage();
    await page.setViewport({ width: 1280, height: 900 });
    await page.goto(`${servers.pageOrigin}/?live`);
    const tabId = await tabIdOf(session, `${servers.pageOrigin}/?live`);
    expect((await waitForScan(session, tabId, 6)).flagged).toHaveLength(4);
    await until(() => badgeText(session, tabId), '4', 'badge after the scan');

    await page.evaluate(() => document.querySelector('img[src$="/chelsea.jpg"]')!.closest('figure')!.remove());
    await until(() => badgeText(session, tabId), '3', 'badge after one flagged image was removed');
    // A flagged image whose element now shows something else no longer counts either.
    await page.evaluate(() => {
      const img = document.querySelector<HTMLImageElement>('img[src$="/starry-night.jpg"]')!;
      img.src = img.src.replace('starry-night.jpg', 'coffee.jpg');
    });
    await until(() => badgeText(session, tabId), '2', 'badge after a flagged image was swapped for a clear one');
    expect(await cornerOf(page, 'img[src$="/coffee.jpg"]')).toBeNull();
    // The popup says what the badge says: the same two images, and every image checked since the page loaded.
    const popup = await openPopup(session, tabId);
    expect(await popupShows(popup)).toEqual({ flagged: '2', checked: '6', files: ['astronaut-altered.jpg', 'astronaut.jpg'] });

    // Back on the page (a carousel, a re-render): counted and marked again, without a second check.
    await page.evaluate((origin: string) => {
      const fig = document.createElement('figure');
      fig.append(Object.assign(document.createElement('img'), { src: `${origin}/images/chelsea.jpg`, id: 'back' }));
      document.querySelector('figure')!.before(fig);
    }, servers.imageOrigin);
    await until(() => badgeText(session, tabId), '3', 'badge after the image came back');
    await until(() => cornerOf(page, '#back'), 'red', 'mark on the image that came back');
    // The open popup follows (it re-reads the report while it is open).
    await expect.poll(() => popupShows(popup), { timeout: 10_000 }).toEqual({ flagged: '3', checked: '6', files: ['astronaut-altered.jpg', 'astronaut.jpg', 'chelsea.jpg'] });
    await popup.close();

    await page.goto(`${servers.pageOrigin}/empty.html`);
    await waitForScan(session, tabId, 0);
    await until(() => badgeText(session, tabId), '', 'badge after navigating away');
    await page.close();
  });

  it(`turning marks off or pausing the site applies to marks already on the page (${kind})`, async () => {
    const { session, servers } = env();
    await enableDemo(session);
    const page = await session.browser.newPage();
    await page.setViewport({ width: 1280, height: 900 });
    try {
      await page.goto(`${servers.pageOrigin}/?settings-live`);
      const tabId = await tabIdOf(session, `${servers.pageOrigin}/?settings-live`);
      await waitForScan(session, tabId, 6);
      const astronaut = 'img[src$="/astronaut.jpg"]';
      await until(() => cornerOf(page, astronaut), 'red', 'mark after the scan');

      await setSettings(session, { marksEnabled: false });
      await until(() => cornerOf(page, astronaut), null, 'mark gone once marks are turned off');
      await setSettings(session, { marksEnabled: true });
      await until(() => cornerOf(page, astronaut), 'red', 'mark back once marks are turned on');

      await setSettings(session, { pausedSites: ['127.0.0.1'] });
      await until(() => cornerOf(page, astronaut), null, 'mark gone once the site is paused');
      await until(() => badgeText(session, tabId), '', 'badge once the site is paused');
      // Un-pausing scans the open page again: marks and badge come back without a reload.
      await setSettings(session, { pausedSites: [] });
      await until(() => cornerOf(page, astronaut), 'red', 'mark back once the site is un-paused');
      await until(() => badgeText(session, tabId), '4', 'badge once the site is un-paused');
    } finally {
      await setSettings(session, { marksEnabled: true, pausedSites: [] });
      await page.close();
    }
  });

  it(`a page loaded while automatic scanning was off is scanned once it is turned back on (${kind})`, async () => {
    const { session, servers } = env();
    await enableDemo(session);
    const page = await session.browser.newPage();
    await page.setViewport({ width: 1280, height: 900 });
    try {
      await setSettings(session, { autoScan: false });
      await page.goto(`${servers.pageOrigin}/?autoscan-live`);
      const tabId = await tabIdOf(session, `${servers.pageOrigin}/?autoscan-live`);
      // Nothing is checked while it is off (the content script asked once and was told so): only the image the
      // user checked by hand, whose verdict came after the content script's request.
      await checkedByHand(session, page, tabId, 'img[src$="/coffee.jpg"]');
      expect((await tabReport(session, tabId)).checked).toBe(1);
      await setSettings(session, { autoScan: true });
      expect((await waitForScan(session, tabId, 6)).flagged).toHaveLength(4);
      await until(() => cornerOf(page, 'img[src$="/astronaut.jpg"]'), 'red', 'mark once automatic scanning is on');
      await until(() => badgeText(session, tabId), '4', 'badge once automatic scanning is on');
    } finally {
      await setSettings(session, { autoScan: true });
      await page.close();
    }
  });
});
