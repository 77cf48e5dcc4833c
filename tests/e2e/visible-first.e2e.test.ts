/**
 * Visible first: the images a person sees are checked before the ones below the fold, end to end (what the
 * extension asks the image server for first), whatever order the page finds or finishes loading them in.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { expect, it } from 'vitest';
import { tabIdOf, waitForScan } from '../../scripts/lib/launch.js';
import { describeInBrowsers } from './setup.js';
import { fetchPathOnly } from './lib/capture-switch.js';

const kindOf = (url: string) => /[?&]k=([\w-]+)/.exec(url)?.[1] ?? url;

/**
 * One busy loop per core, for the length of a test: the page, the browser and the extension all wait for a core.
 * Each ends by itself after 2 minutes (the test's bound), so none outlives a test run that died.
 */
function busyCores(): () => void {
  const hogs: ChildProcess[] = Array.from({ length: availableParallelism() }, () => spawn(process.execPath, ['-e', 'const end = Date.now() + 120_000; while (Date.now() < end) {}'], { stdio: 'ignore' }));
  return () => {
    for (const h of hogs) h.kill();
  };
}

describeInBrowsers('visible first', (kind, env) => {
  it('fetches the images on screen before the ones below the fold, with every core busy', async () => {
    const { session, servers } = env();
    await fetchPathOnly(kind, session);
    const stop = busyCores();
    const page = await session.browser.newPage();
    try {
      await page.setViewport({ width: 1280, height: 800 });
      await page.goto(`${servers.pageOrigin}/fixtures/visible-first.html`);
      const tabId = await tabIdOf(session, `${servers.pageOrigin}/fixtures/visible-first.html`);
      await waitForScan(session, tabId, 28, 90_000);
      const order = servers.scriptFetches.map(kindOf).filter((k) => /^(above|below)-/.test(k));
      expect(order).toHaveLength(28);
      // In document order the 8 on-screen images are the last 8 of 28; all 8 are fetched first.
      expect(order.slice(0, 8).every((k) => k.startsWith('above-')), order.join(' ')).toBe(true);
    } finally {
      stop();
      await page.close();
    }
  }, 180_000);

  it('fetches every on-screen image before any off-screen one, though these were ready first, with every core busy', async () => {
    const { session, servers } = env();
    await fetchPathOnly(kind, session);
    const stop = busyCores();
    const page = await session.browser.newPage();
    try {
      await page.setViewport({ width: 1280, height: 800 });
      await page.goto(`${servers.pageOrigin}/fixtures/visible-first-load.html`, { waitUntil: 'domcontentloaded' });
      const tabId = await tabIdOf(session, `${servers.pageOrigin}/fixtures/visible-first-load.html`);
      await waitForScan(session, tabId, 5, 90_000);
      const order = servers.scriptFetches.map(kindOf).filter((k) => /^(on|off)-/.test(k));
      expect([...order].sort()).toEqual(['off-bg', 'off-img', 'on-img', 'on-picture', 'on-srcset']);
      const lastOn = Math.max(...order.flatMap((k, i) => (k.startsWith('on-') ? [i] : [])));
      const firstOff = Math.min(...order.flatMap((k, i) => (k.startsWith('off-') ? [i] : [])));
      expect(lastOn, order.join(' ')).toBeLessThan(firstOff);
    } finally {
      stop();
      await page.close();
    }
  }, 180_000);
}, { build: 'test-hooks' });
