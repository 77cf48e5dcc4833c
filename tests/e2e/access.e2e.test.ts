/**
 * Host access taken away (as a Firefox user who did not grant it, or a Chrome user limiting site access): the
 * welcome page says so and offers the request, and the popup shows its notice with the "Grant access" button.
 * Removal is driven with permissions.remove from the extension's own welcome page (no user gesture needed).
 */
import { expect, it } from 'vitest';
import { openPopup, tabIdOf, type Session } from '../../scripts/lib/launch.js';
import { ALL_ORIGINS as ORIGINS, removeHostAccess } from './host-access-helpers.js';
import { describeInBrowsers } from './setup.js';


function contains(s: Session): Promise<boolean> {
  return s.ext.evaluate((origins: string[]) => chrome.permissions.contains({ origins }), ORIGINS);
}

async function welcomeState(s: Session): Promise<{ state?: string; text: string; button: boolean }> {
  return s.ext.evaluate(() => {
    const box = document.getElementById('access')!;
    const button = document.getElementById('access-grant')!;
    return { state: box.dataset.state, text: document.getElementById('access-status')!.textContent ?? '', button: !button.hidden };
  });
}

describeInBrowsers('host access', (kind, env) => {
  it('starts granted: the welcome page says so and offers no button', async () => {
    const { session } = env();
    expect(await contains(session)).toBe(true);
    await session.ext.waitForFunction(() => document.getElementById('access')?.dataset.state === 'granted', { timeout: 10_000 });
    const w = await welcomeState(session);
    expect(w.text).toMatch(/granted/i);
    expect(w.button).toBe(false);
  });

  it('once removed, the welcome page shows it missing with a Grant button, and the popup shows its notice', async () => {
    const { session, servers } = env();
    // The tab is found by URL before access goes: without it Firefox hides other tabs' URLs from the extension.
    const page = await session.browser.newPage();
    await page.goto(`${servers.pageOrigin}/`);
    const tabId = await tabIdOf(session, `${servers.pageOrigin}/`);
    await removeHostAccess(session);
    expect(await contains(session)).toBe(false);

    // The welcome page follows permissions.onRemoved without a reload.
    await session.ext.waitForFunction(() => document.getElementById('access')?.dataset.state === 'missing', { timeout: 10_000 });
    const w = await welcomeState(session);
    expect(w.text).toMatch(/cannot read images/);
    expect(w.button).toBe(true);
    expect(await session.ext.$eval('#access-grant', (b) => b.textContent)).toBe('Grant access');

    const popup = await openPopup(session, tabId);
    await popup.waitForFunction(() => document.getElementById('access')?.dataset.state === 'missing', { timeout: 10_000 });
    const notice = await popup.evaluate(() => ({
      hidden: document.getElementById('access')!.hidden,
      text: document.getElementById('access-status')!.textContent,
      button: document.getElementById('access-grant')!.hidden ? null : document.getElementById('access-grant')!.textContent,
    }));
    expect(notice).toEqual({ hidden: false, text: expect.stringMatching(/not scanned/), button: 'Grant access' });
    await popup.close();
    await page.close();
  });
});
