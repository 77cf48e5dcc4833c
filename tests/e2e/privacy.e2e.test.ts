/**
 * Privacy, proven: every request the browser makes (its own, the pages', the extension's background, content
 * scripts and pages) goes through a recording proxy from launch to the end of the test, while the user turns the
 * demo list on, browses the demo pages and opens the popup and the options page. Allowed: the pages the test
 * opened, the images those pages loaded themselves, the list the user subscribed to (subscribed, then updated
 * by hand, from a third local server), and the registry the user added (its files only: a fourth server). Nothing else: no telemetry, no third-party host, no extension request of its own.
 * Browser background traffic is switched off at launch (scripts/lib/launch.ts), not allowed here.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import type { Page } from 'puppeteer-core';
import { expect, it } from 'vitest';
import { enableDemo, openPopup, tabIdOf, waitForScan } from '../../scripts/lib/launch.js';
import { allowed, assertOnly, assertProxied, UNSTOPPABLE } from '../../scripts/lib/recorder.js';
import { json, listsAction, openOptions, startListServer } from './list-helpers.js';
import { buildDemoRegistry, startRegistryServer } from '../../scripts/lib/demo-registry.js';
import { registriesAction, waitForRegistries } from './registry-helpers.js';
import { describeInBrowsers } from './setup.js';

/** What the page itself asked for: its resource timing entries, plus every <img> it holds (loaded or still loading). */
function pageLoads(page: Page): Promise<string[]> {
  return page.evaluate(() => [
    ...performance.getEntriesByType('resource').map((e) => e.name),
    ...Array.from(document.images).flatMap((i) => [i.currentSrc, i.src].filter(Boolean)),
  ]);
}

describeInBrowsers(
  'privacy: every request while using the extension',
  (kind, env) => {
    it('makes no request beyond the pages opened, the images they loaded and the subscribed lists', async () => {
      const { session, servers, recorder } = env();
      if (!recorder) throw new Error('suite launched without the recorder');
      const pages: string[] = [];
      const pageImages: string[] = [];

      await enableDemo(session);
      for (const [path, images] of [['/', 6], ['/hostile.html', 1], ['/empty.html', 0]] as const) {
        const url = `${servers.pageOrigin}${path}`;
        pages.push(url);
        const page = await session.browser.newPage();
        await page.goto(url, { waitUntil: 'domcontentloaded' });
        const tabId = await tabIdOf(session, url);
        await waitForScan(session, tabId, images);
        pageImages.push(...(await pageLoads(page)));
        if (path === '/') await (await openPopup(session, tabId)).close();
      }
      // Subscribe to a list and update it: its URL is the one request of the extension's own that is allowed.
      // A registry added before browsing: the demo page's images are looked up in it too.
      const registry = await startRegistryServer((await buildDemoRegistry({ publishers: 2, worksEach: 50 })).files);
      const regOptions = await openOptions(session);
      await waitForRegistries(regOptions);
      const added = await registriesAction(regOptions, { add: registry.url });
      expect(added.statusState).toBe('ok');
      await regOptions.close();
      const listServer = await startListServer();
      const listUrl = `${listServer.origin}/lists/portraits.json`;
      listServer.routes.set('/lists/portraits.json', json(readFileSync('public/demo-list.json', 'utf8'), '"v1"'));
      try {
        const options = await openOptions(session);
        const subscribed = await listsAction(options, { subscribe: listUrl });
        expect(subscribed.items).toHaveLength(1);
        await listsAction(options, { update: subscribed.items[0]!.id });
        await options.close();
      } finally {
        await listServer.close();
      }
      // The last thing the extension does is a registry update the user asks for: once the recorder holds its
      // manifest request, everything the extension did before it (follow-up fetches of the subscription, the
      // registry's own) has had its chance to show up before judging.
      const updateFrom = Date.now();
      const lastOptions = await openOptions(session);
      await waitForRegistries(lastOptions);
      expect((await registriesAction(lastOptions, { update: added.items[0]!.id })).statusState).toBe('ok');
      await lastOptions.close();
      await expect
        .poll(() => recorder.requests.some((r) => r.at >= updateFrom && r.url.startsWith(registry.url)), { timeout: 20_000 })
        .toBe(true);

      await registry.close();
      // The registry host saw its own files only (manifest, summary, shards, packs by content hash): no page or image address.
      const registryPaths = recorder.requests.filter((r) => r.url.startsWith(registry.origin)).map((r) => new URL(r.url).pathname);
      expect(registryPaths.length).toBeGreaterThan(0);
      for (const p of registryPaths) expect(p).toMatch(/^\/registry\/(manifest\.json|(summary|shards|packs)\/[0-9a-f]{64}\.(bin|json))$/);
      // Nor the SHA-256 of an image's bytes, which the hints compare with a list's works[].sha256 (Query.sha256): in no request at all.
      const imageDir = new URL('../../demo/images/', import.meta.url);
      const fileHashes = readdirSync(imageDir).map((f) => createHash('sha256').update(readFileSync(new URL(f, imageDir))).digest('hex'));
      for (const r of recorder.requests) for (const h of fileHashes) expect(r.url).not.toContain(h);
      const registryUrls = recorder.requests.filter((r) => r.url.startsWith(registry.origin)).map((r) => r.url);
      const checked = assertOnly(recorder.requests, allowed({ pages, pageImages, lists: [listUrl, ...registryUrls], other: UNSTOPPABLE[kind] }));
      // The recorder really was in the path: it saw the demo page and the image server's traffic.
      expect(recorder.requests.some((r) => r.url === `${servers.pageOrigin}/`)).toBe(true);
      assertProxied(recorder.requests, servers.pageOrigin, servers.pageRequests);
      assertProxied(recorder.requests, servers.imageOrigin, servers.imageRequests);
      const browserOwn = recorder.requests.filter((r) => UNSTOPPABLE[kind].some((u) => r.method === u.method && r.url.startsWith(u.urlPrefix))).length;
      const hosts = [...new Set(recorder.requests.map((r) => new URL(r.url).host))].sort();
      console.info(`[privacy] ${kind}: ${checked} requests observed (${browserOwn} the browser's own, named in UNSTOPPABLE), hosts: ${hosts.join(', ')}`);
      // Every request that was not the browser's own named traffic went to the two local demo servers.
      const extensionOrPage = recorder.requests.filter((r) => !UNSTOPPABLE[kind].some((u) => r.method === u.method && r.url.startsWith(u.urlPrefix)));
      expect(new Set(extensionOrPage.map((r) => new URL(r.url).origin))).toEqual(new Set([servers.pageOrigin, servers.imageOrigin, listServer.origin, registry.origin]));
      expect(recorder.requests.filter((r) => r.url === listUrl).length).toBeGreaterThanOrEqual(2); // subscribe + update
    });
  },
  { record: true },
);
