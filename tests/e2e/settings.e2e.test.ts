import { expect, it } from 'vitest';
import type { Result } from '../../src/lib/protocol/messages.js';
import type { Settings } from '../../src/storage/settings.js';
import { openOptions } from '../../scripts/lib/launch.js';
import { setPausedSites } from './ext-helpers.js';
import { describeInBrowsers } from './setup.js';

describeInBrowsers('options: settings section', (_kind, env) => {
  it('edits automatic scanning, marks and the paused sites, saved at once', async () => {
    const { session } = env();
    await setPausedSites(session, ['paused.example']);
    const page = await openOptions(session, '#settings');
    await page.waitForSelector('#settings[data-ready="true"]', { timeout: 15_000 });
    const read = async () => {
      const r = await session.ext.evaluate(() => chrome.runtime.sendMessage({ type: 'settings/get', payload: {} }) as Promise<Result<Settings>>);
      if (!r.ok) throw new Error(r.error);
      return r.value;
    };
    expect(await page.$eval('#set-auto-scan', (el) => (el as HTMLInputElement).checked)).toBe(true);
    expect(await page.$$eval('#paused-sites li[data-site]', (lis) => lis.map((li) => (li as HTMLElement).dataset.site))).toEqual(['paused.example']);

    await page.click('#set-marks');
    await page.waitForFunction(() => document.querySelector('.settings-status')?.textContent === 'Saved.');
    expect((await read()).marksEnabled).toBe(false);

    // A URL is reduced to its host; the list shows it and the setting holds it.
    await page.type('#paused-add', 'https://www.Other.example/some/page');
    await page.click('.paused-add button[type="submit"]');
    await page.waitForSelector('#paused-sites li[data-site="www.other.example"]');
    expect((await read()).pausedSites).toEqual(['paused.example', 'www.other.example']);

    await page.click('#paused-sites li[data-site="paused.example"] button');
    await page.waitForFunction(() => !document.querySelector('#paused-sites li[data-site="paused.example"]'));
    expect((await read()).pausedSites).toEqual(['www.other.example']);

    await page.click('#set-marks');
    await expect.poll(async () => (await read()).marksEnabled).toBe(true);
    await setPausedSites(session, []);
    await page.close();
  });
});
