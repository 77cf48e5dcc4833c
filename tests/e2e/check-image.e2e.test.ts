import { expect, it } from 'vitest';
import { enableDemo, openPopup, tabIdOf, tabReport, waitForScan } from '../../scripts/lib/launch.js';
import { cardState, checkViaMenu, clickMenu, MENU_CHECK as CHECK, MENU_REGISTER, rightClick, setPausedSites } from './ext-helpers.js';
import { describeInBrowsers } from './setup.js';

describeInBrowsers('right-click "Check this image"', (kind, env) => {
  it('checks an <img>, a CSS background under a caption, a ::before background and a data: image, in a card next to it', async () => {
    const { session, servers } = env();
    await enableDemo(session);
    const page = await session.browser.newPage();
    await page.setViewport({ width: 1280, height: 900 });
    await page.goto(`${servers.pageOrigin}/context.html`);
    const tabId = await tabIdOf(session, `${servers.pageOrigin}/context.html`);
    await waitForScan(session, tabId, 3);
    const layoutBefore = await page.evaluate(() => [document.documentElement.scrollHeight, document.body.getBoundingClientRect().width, document.getElementById('img')!.getBoundingClientRect().left]);

    // <img>: the browser passes srcUrl; the content script only places the card.
    await rightClick(page, '#img');
    let card = await checkViaMenu(session, tabId, { menuItemId: CHECK, mediaType: 'image', srcUrl: `${servers.imageOrigin}/images/chelsea.jpg` });
    expect(card.verdict).toBe('unlicensed');
    expect(card.text).toContain('Portrait Muse v2');
    expect(card.text).toContain('Lin Yue (demo creator)');
    expect(card.text).toContain('Commercial use needs a license');
    expect(card.text).toContain('License: 4,499 CNY for small companies');
    expect(card.text).toMatch(/\d+% similar/);
    // The card is drawn over the page, never in it: nothing moved.
    expect(await page.evaluate(() => [document.documentElement.scrollHeight, document.body.getBoundingClientRect().width, document.getElementById('img')!.getBoundingClientRect().left])).toEqual(layoutBefore);
    // Pages cannot see it: the only trace is the layer's host element under <html>, whose shadow root is closed.
    const extra = () =>
      page.evaluate(() => Array.from(document.documentElement.children, (el) => ({ tag: el.tagName.toLowerCase(), open: !!el.shadowRoot })).slice(2));
    expect(await extra()).toEqual([{ tag: 'div', open: false }]);
    expect(await page.evaluate(() => document.body.innerText.includes('4,499 CNY'))).toBe(false);

    // Escape closes it.
    await page.keyboard.press('Escape');
    expect((await cardState(session, tabId)).open).toBe(false);

    // A CSS background under a caption: a "page" context, no srcUrl; the recorded target supplies the URL.
    await rightClick(page, '#bg .caption');
    card = await checkViaMenu(session, tabId, { menuItemId: CHECK });
    expect(card.verdict).toBe('unlicensed');
    expect(card.text).toContain('Portrait Muse v2');

    // A click outside closes it.
    await page.mouse.click(5, 5);
    expect((await cardState(session, tabId)).open).toBe(false);

    // A ::before background.
    await rightClick(page, '#pseudo');
    card = await checkViaMenu(session, tabId, { menuItemId: CHECK });
    expect(card.verdict).toBe('unlicensed');
    await page.keyboard.press('Escape');

    // A data: image (the altered copy), passed by the browser as srcUrl.
    const dataUrl = await page.$eval('#data', (img) => (img as HTMLImageElement).src);
    expect(dataUrl.startsWith('data:image/jpeg;base64,')).toBe(true);
    await rightClick(page, '#data');
    card = await checkViaMenu(session, tabId, { menuItemId: CHECK, mediaType: 'image', srcUrl: dataUrl });
    expect(card.verdict).toBe('unlicensed');
    await page.keyboard.press('Escape');

    // An unrelated photo: no match, said plainly.
    await rightClick(page, '#plain');
    card = await checkViaMenu(session, tabId, { menuItemId: CHECK, mediaType: 'image', srcUrl: `${servers.imageOrigin}/images/coffee.jpg` });
    expect(card.verdict).toBe('none');
    expect(card.text).toContain('No registered work matches this image.');
    await page.keyboard.press('Escape');

    // The background results are in the tab's report, so the popup lists them.
    const report = await tabReport(session, tabId);
    const flagged = report.flagged.map((r) => (r.url.startsWith('data:') ? 'data:' : r.url.split('/').pop())).sort();
    expect(flagged).toEqual(['astronaut.jpg', 'chelsea.jpg', 'data:', 'starry-night.jpg']);
    const popup = await openPopup(session, tabId);
    expect(await popup.$$eval('li.match', (lis) => lis.length)).toBe(4);
    await popup.close();
    await page.close();
  });

  it(`stops scanning a paused site (switch in the popup) while the right-click check still works [${kind}]`, async () => {
    const { session, servers } = env();
    await enableDemo(session);
    await setPausedSites(session, []);
    // Pause through the popup's own switch, from a page of that site.
    const first = await session.browser.newPage();
    await first.goto(`${servers.pageOrigin}/`);
    const firstTab = await tabIdOf(session, `${servers.pageOrigin}/`);
    await waitForScan(session, firstTab, 6);
    const popup = await openPopup(session, firstTab);
    expect(await popup.$eval('#pause-label', (el) => el.textContent)).toBe('Pause scanning on 127.0.0.1');
    expect(await popup.$eval('#pause-site', (el) => (el as HTMLInputElement).checked)).toBe(false);
    // A popup opened in a background tab does not get input in Chrome: bring it to the front first.
    await popup.bringToFront();
    await popup.click('#pause-site');
    await popup.waitForFunction(() => document.getElementById('state')?.dataset.paused === 'site', { timeout: 10_000 });
    expect(await popup.$eval('#state', (el) => el.textContent)).toContain('Scanning paused on this site');
    await popup.close();
    await first.close();

    try {
      const page = await session.browser.newPage();
      await page.goto(`${servers.pageOrigin}/context.html`);
      const tabId = await tabIdOf(session, `${servers.pageOrigin}/context.html`);
      const paused = await openPopup(session, tabId);
      expect(await paused.$eval('#state', (el) => el.textContent)).toContain('Scanning paused on this site');
      expect(await paused.$eval('#pause-site', (el) => (el as HTMLInputElement).checked)).toBe(true);
      await paused.close();

      await rightClick(page, '#img');
      const card = await checkViaMenu(session, tabId, { menuItemId: CHECK, mediaType: 'image', srcUrl: `${servers.imageOrigin}/images/chelsea.jpg` });
      expect(card.verdict).toBe('unlicensed');
      // The content script asked for a scan when it started, before this check; the background refused it: the
      // checked image is the only one.
      const report = await tabReport(session, tabId);
      expect(report.checked + report.skipped).toBe(1);
      expect(report.flagged.map((r) => r.url.split('/').pop())).toEqual(['chelsea.jpg']);
      const after = await openPopup(session, tabId);
      expect(await after.$$eval('li.match', (lis) => lis.map((li) => (li as HTMLElement).dataset.url!.split('/').pop()))).toEqual(['chelsea.jpg']);
      await after.close();
      await page.close();
    } finally {
      await setPausedSites(session, []);
    }
  });

  it('"Register this image as my work" opens the options page with the image URL, also for a CSS background', async () => {
    const { session, servers } = env();
    // Both items exist in the browser's menu (updating an unknown id fails).
    for (const id of [CHECK, MENU_REGISTER]) {
      const err = await session.ext.evaluate(async (item: string) => {
        const api = (globalThis as unknown as { browser?: { menus?: typeof chrome.contextMenus } }).browser?.menus ?? chrome.contextMenus;
        try {
          await api.update(item, {});
          return null;
        } catch (e) {
          return String(e);
        }
      }, id);
      expect(err).toBeNull();
    }
    const page = await session.browser.newPage();
    await page.goto(`${servers.pageOrigin}/context.html`);
    const tabId = await tabIdOf(session, `${servers.pageOrigin}/context.html`);
    await rightClick(page, '#bg .caption');
    await clickMenu(session, tabId, { menuItemId: MENU_REGISTER });
    const expected = `#register=${encodeURIComponent(`${servers.imageOrigin}/images/starry-night.jpg`)}`;
    const tabUrls = () => session.ext.evaluate(async () => (await chrome.tabs.query({})).map((t) => t.url ?? ''));
    await expect.poll(async () => (await tabUrls()).some((u) => u.endsWith(`/src/options/index.html${expected}`)), { timeout: 10_000 }).toBe(true);
    const urls = await tabUrls();
    expect(urls.filter((u) => u.includes('/src/options/index.html#register='))).toEqual([expect.stringMatching(/^(chrome|moz)-extension:\/\/[^/]+\/src\/options\/index\.html#register=/)]);
    expect(urls.some((u) => u.endsWith(`/src/options/index.html${expected}`))).toBe(true);
    await page.close();
  });
});
