/**
 * Nobody in: a content script taken over by a hostile page (played by the test-hooks build's relay) sends every
 * extension-only message and malformed scan requests. The background refuses each with the sender or schema
 * error, and nothing it guards changes.
 */
import { expect, it } from 'vitest';
import { tabIdOf, waitForScan } from '../../scripts/lib/launch.js';
import { MESSAGES, type MessageName, type Result, type RegistrySummary } from '../../src/lib/protocol/messages.js';
import type { Settings } from '../../src/storage/settings.js';
import { forge, waitForHook } from './lib/forge.js';
import { describeInBrowsers } from './setup.js';

/** Valid payloads where the test knows one, so a refusal can only come from the sender check. */
const SAMPLES: Partial<Record<MessageName, unknown>> = {
  'tab/report': { tabId: 1 },
  'tab/progress': { tabId: 1 },
  'demo/set': { enabled: true },
  'registry/summary': {},
  'settings/get': {},
  'settings/set': { autoScan: false, pausedSites: ['127.0.0.1'] },
};
const EXTENSION_ONLY = (Object.keys(MESSAGES) as MessageName[]).filter((k) => MESSAGES[k].access === 'extension');

describeInBrowsers(
  'forged messages from a content script',
  (_kind, env) => {
    it(`refuses every extension-only message (${EXTENSION_ONLY.length}) and changes nothing`, async () => {
      const { session, servers } = env();
      const state = async () => ({
        summary: await session.ext.evaluate(() => chrome.runtime.sendMessage({ type: 'registry/summary', payload: {} }) as Promise<Result<RegistrySummary>>),
        settings: await session.ext.evaluate(() => chrome.runtime.sendMessage({ type: 'settings/get', payload: {} }) as Promise<Result<Settings>>),
      });
      const before = await state();
      expect(before.summary.ok && before.settings.ok).toBe(true);
      const page = await session.browser.newPage();
      await page.goto(`${servers.pageOrigin}/empty.html`);
      await waitForHook(page);
      for (const type of EXTENSION_ONLY) {
        const reply = await forge(page, { type, payload: SAMPLES[type] ?? {} });
        expect(reply, type).toEqual({ ok: false, error: `${type} may only be sent by the extension's own pages` });
      }
      expect(await state()).toEqual(before);
      await page.close();
    });

    it('refuses malformed scan requests with a schema error, and accepts a well-formed one through the same door', async () => {
      const { session, servers } = env();
      const page = await session.browser.newPage();
      await page.goto(`${servers.pageOrigin}/empty.html`);
      await waitForHook(page);
      const pageUrl = `${servers.pageOrigin}/empty.html`;
      const malformed: unknown[] = [
        null,
        [],
        'x'.repeat(10),
        { pageUrl, fresh: true },
        { pageUrl, fresh: 'yes', images: [] },
        { pageUrl, fresh: true, images: [{ url: 42 }] },
        { pageUrl, fresh: true, images: [{}] },
        { pageUrl, fresh: true, images: Array.from({ length: 501 }, (_, i) => ({ url: `${servers.imageOrigin}/images/${i}.jpg` })) },
        { pageUrl: 'p'.repeat(8001), fresh: true, images: [] },
        { pageUrl, fresh: true, images: [{ url: 'x'.repeat(4_000_001) }] },
      ];
      for (const payload of malformed) {
        const reply = (await forge(page, { type: 'scan/images', payload })) as Result<unknown>;
        expect(reply, JSON.stringify(payload).slice(0, 80)).toMatchObject({ ok: false, error: expect.stringMatching(/^invalid scan\/images request/) });
      }
      for (const message of [null, 'scan/images', { type: 'nope', payload: {} }, { type: '__proto__', payload: {} }, { payload: {} }]) {
        expect(await forge(page, message)).toMatchObject({ ok: false });
      }
      const ok = (await forge(page, { type: 'scan/images', payload: { pageUrl, fresh: false, images: [] } })) as Result<unknown>;
      expect(ok).toMatchObject({ ok: true, value: { results: [] } });
      // The background is still healthy and the tab's report is intact.
      const tabId = await tabIdOf(session, pageUrl);
      expect((await waitForScan(session, tabId, 0)).flagged).toEqual([]);
      await page.close();
    });
  },
  { build: 'test-hooks' },
);
