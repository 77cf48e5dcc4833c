/**
 * Issue 5's end-to-end round trip between two people, in each browser: a creator (the suite's session) registers a
 * model and two works in the options page and exports the signed list; a second, fresh profile (demo list off)
 * subscribes to that list over local HTTP and sees the works on the demo page as unlicensed; the creator adds the
 * page's host as a licensee and exports a newer edition; the subscriber updates and sees them as licensed.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Page } from 'puppeteer-core';
import { expect, it } from 'vitest';
import { launch, openOptions as openCreatorOptions, openPopup, tabIdOf, tabReport, waitForScan, type Session } from '../../scripts/lib/launch.js';
import { pollUntil } from '../../scripts/lib/poll.js';
import type { TabReport } from '../../src/lib/protocol/messages.js';
import { json, listsAction, openOptions as openListsOptions, startListServer, type ListServer } from './list-helpers.js';
import { describeInBrowsers } from './setup.js';

/** The demo page's images the two works match: both originals and the altered copy of the astronaut. */
const FLAGGED = ['astronaut-altered.jpg', 'astronaut.jpg', 'chelsea.jpg'];

async function fill(page: Page, selector: string, value: string): Promise<void> {
  await page.$eval(selector, (el, v) => ((el as HTMLInputElement).value = v as string), value);
}

async function waitFor(page: Page, what: string, fn: (arg: number) => boolean, timeout = 30_000, arg = 0): Promise<void> {
  await page.waitForFunction(fn, { timeout, polling: 200 }, arg).catch((e: unknown) => {
    throw new Error(`timed out waiting for ${what}: ${e instanceof Error ? e.message : String(e)}`);
  });
}

/** Clicks the #lists section's export button and returns the file it offers (the download itself is kept from happening). */
async function exportList(opts: Page): Promise<{ filename: string; text: string; status: string }> {
  await opts.evaluate(() => {
    const w = window as unknown as { __llDownload?: Promise<{ filename: string; text: string }> };
    w.__llDownload = new Promise((resolve) => {
      const onClick = (ev: MouseEvent) => {
        const a = ev.target;
        if (!(a instanceof HTMLAnchorElement) || !a.download) return;
        ev.preventDefault();
        document.removeEventListener('click', onClick, true);
        void fetch(a.href)
          .then((r) => r.text())
          .then((text) => resolve({ filename: a.download, text }));
      };
      document.addEventListener('click', onClick, true);
    });
    document.getElementById('lists-status')!.textContent = '';
    document.getElementById('lists')!.dataset.busy = 'pending';
    document.getElementById('list-export')!.click();
  });
  await waitFor(opts, 'the list export to finish', () => !document.getElementById('lists')!.dataset.busy && document.getElementById('lists-status')!.textContent !== '');
  const status = await opts.$eval('#lists-status', (el) => `${(el as HTMLElement).dataset.state}: ${el.textContent}`);
  if (!status.startsWith('ok:')) throw new Error(`export failed: ${status}`);
  const file = await opts.evaluate(() => (window as unknown as { __llDownload: Promise<{ filename: string; text: string }> }).__llDownload);
  return { ...file, status };
}

/** Polls the tab report until exactly the expected images are flagged, each with `verdict` from `source`. */
async function waitForVerdicts(s: Session, tabId: number, verdict: string, source: string, timeoutMs = 45_000): Promise<TabReport> {
  const seen = (r: TabReport) => r.flagged.map((f) => [f.url.split('/').pop()!, f.matches[0]?.verdict, f.matches[0]?.source] as const);
  return pollUntil(
    () => tabReport(s, tabId),
    (r) => JSON.stringify(seen(r).map(([n]) => n).sort()) === JSON.stringify(FLAGGED) && seen(r).every(([, v, src]) => v === verdict && src === source),
    (r) => `after ${timeoutMs} ms the page's verdicts are not all "${verdict}" from ${source}: ${JSON.stringify(seen(r))}`,
    { timeoutMs, everyMs: 300 },
  );
}

/** The popup's flagged images: verdict attribute, and their model block's chip text and "From list: …" line. */
async function popupMatches(s: Session, tabId: number): Promise<Array<{ verdict: string; chip: string; hint: string }>> {
  const popup = await openPopup(s, tabId);
  try {
    return await popup.$$eval('li.match', (lis) =>
      lis.map((li) => ({
        verdict: (li as HTMLElement).dataset.verdict ?? '',
        chip: li.closest('.model-group')?.querySelector('.chip')?.textContent ?? '',
        hint: li.closest('.model-group')?.querySelector('.source')?.textContent ?? '',
      })),
    );
  } finally {
    await popup.close();
  }
}

describeInBrowsers('creator to subscriber', (kind, env) => {
  it('publishes a model and works from the options page; a second profile subscribes by URL and sees unlicensed, then licensed once the page host is a licensee', { timeout: 300_000 }, async () => {
    const { session: creator, servers } = env();
    const pageHost = new URL(servers.pageOrigin).hostname;
    let listServer: ListServer | undefined;
    let subscriber: Session | undefined;
    try {
      listServer = await startListServer();
      const listUrl = `${listServer.origin}/${kind}/creator-list.json`;

      // Creator: profile, a model sold under license, two works added by URL from the demo image server.
      const a = await openCreatorOptions(creator);
      await waitFor(a, 'the #lists section', () => document.getElementById('lists')?.dataset.ready === 'true');
      await fill(a, '#profile-form [name=name]', 'Round Trip Creator');
      await fill(a, '#profile-form [name=homepage]', 'https://round-trip-creator.example');
      await a.click('#profile-form button[type=submit]');
      await waitFor(a, 'the profile to be saved', () => document.getElementById('profile-status')?.dataset.kind === 'ok');
      await waitFor(a, 'the "add model" button', () => !(document.getElementById('model-new') as HTMLButtonElement).disabled);
      await a.click('#model-new');
      await fill(a, '#model-form [name=name]', 'Round Trip Muse');
      await fill(a, '#model-form [name=version]', 'v2');
      await a.select('#model-form [name=commercialUse]', 'license-required');
      await a.click('#model-save');
      await waitFor(a, 'the model to be saved', () => document.getElementById('models')?.dataset.models === '1');
      for (const [i, name] of ['astronaut.jpg', 'chelsea.jpg'].entries()) {
        await fill(a, '#work-url', `${servers.imageOrigin}/images/${name}`);
        await a.click('#work-url-form button[type=submit]');
        await waitFor(a, `work ${name} to be added`, (n: number) => document.getElementById('works')?.dataset.works === String(n), 45_000, i + 1);
      }

      // Creator: export the signed list and serve it.
      const v1 = await exportList(a);
      const list1 = JSON.parse(v1.text) as { id: string; version: number; publisher: { name: string }; models: Array<{ name: string; license: { commercialUse: string }; licensees: unknown[] }>; works: unknown[]; signature?: unknown };
      expect(v1.filename).toBe(`${list1.id}.json`);
      expect(v1.status).toContain('2'); // "… 1 model(s), 2 work(s)"
      expect(list1.publisher.name).toBe('Round Trip Creator');
      expect(list1.models).toHaveLength(1);
      expect(list1.models[0]).toMatchObject({ name: 'Round Trip Muse', license: { commercialUse: 'license-required' }, licensees: [] });
      expect(list1.works).toHaveLength(2);
      // Each work carries its file's SHA-256, hashed by the options page from the bytes it fetched (works[].sha256).
      const fileSha = (name: string) => createHash('sha256').update(readFileSync(new URL(`../../demo/images/${name}`, import.meta.url))).digest('hex');
      expect((list1.works as Array<{ sha256?: string }>).map((w) => w.sha256).sort()).toEqual(['astronaut.jpg', 'chelsea.jpg'].map(fileSha).sort());
      listServer.routes.set(`/${kind}/creator-list.json`, json(v1.text, `"v${list1.version}"`));

      // Subscriber: a fresh profile with the demo list off subscribes by URL.
      subscriber = await launch(kind);
      expect(await subscriber.ext.$eval('#demo-status', (el) => (el as HTMLElement).dataset.state)).not.toBe('on');
      const b = await openListsOptions(subscriber);
      const subscribed = await listsAction(b, { subscribe: listUrl });
      expect(subscribed.statusState, subscribed.status).toBe('ok');
      expect(subscribed.items).toHaveLength(1);
      const sub = subscribed.items[0]!;
      expect(sub.text).toContain('Round Trip Creator');
      expect(sub.text).toContain(`1 models · 2 works · version ${list1.version}`);
      const source = `list:${sub.id}`;

      const page = await subscriber.browser.newPage();
      await page.goto(`${servers.pageOrigin}/`);
      const tabId = await tabIdOf(subscriber, servers.pageOrigin);
      await waitForScan(subscriber, tabId, 6, 60_000);
      const before = await waitForVerdicts(subscriber, tabId, 'unlicensed', source);
      expect(before.flagged[0]!.matches[0]).toMatchObject({ model: { name: 'Round Trip Muse', version: 'v2' }, creator: { name: 'Round Trip Creator' } });
      // The page serves the registered files' own bytes: "identical to the registered file"; the altered copy is not.
      const identical = Object.fromEntries(before.flagged.map((f) => [f.url.split('/').pop(), f.matches[0]?.hints?.identical ?? false]));
      expect(identical).toEqual({ 'astronaut-altered.jpg': false, 'astronaut.jpg': true, 'chelsea.jpg': true });
      const shownBefore = await popupMatches(subscriber, tabId);
      expect(shownBefore.map((m) => m.verdict)).toEqual(['unlicensed', 'unlicensed', 'unlicensed']);
      for (const m of shownBefore) {
        expect(m.chip).toBe('Unlicensed');
        expect(m.hint).toContain('From list: Round Trip Creator: registered works');
      }

      // Creator: license the page's host for the model, export a newer edition, serve it in place of the old one.
      const modelId = await a.$eval('#model-list li.model', (el) => (el as HTMLElement).dataset.modelId!);
      await a.click(`[data-action="edit-${modelId}"]`);
      await a.click('#licensee-add');
      await fill(a, '#licensee-rows li:last-child [name=licensee-name]', 'Demo page site');
      await fill(a, '#licensee-rows li:last-child [name=licensee-sites]', pageHost);
      await a.click('#model-save');
      await waitFor(a, 'the licensee to be saved', () => document.getElementById('model-list')?.textContent?.includes('1 licensees') ?? false);
      const v2 = await exportList(a);
      const list2 = JSON.parse(v2.text) as typeof list1;
      expect(list2.id).toBe(list1.id);
      expect(list2.version).toBeGreaterThan(list1.version);
      expect(list2.models[0]!.licensees).toEqual([{ name: 'Demo page site', sites: [pageHost] }]);
      listServer.routes.set(`/${kind}/creator-list.json`, json(v2.text, `"v${list2.version}"`));
      await a.close();

      // Subscriber: "Update now", reload the page: the same works, now licensed.
      const updated = await listsAction(b, { update: sub.id });
      expect(updated.statusState, updated.status).toBe('ok');
      expect(updated.items.find((i) => i.id === sub.id)?.text).toContain(`1 models · 2 works · version ${list2.version}`);
      await page.reload();
      await waitForVerdicts(subscriber, tabId, 'licensed', source);
      const shownAfter = await popupMatches(subscriber, tabId);
      expect(shownAfter.map((m) => m.verdict)).toEqual(['licensed', 'licensed', 'licensed']);
      for (const m of shownAfter) {
        expect(m.chip).toBe('Licensed');
        expect(m.hint).toContain('From list: Round Trip Creator: registered works');
      }
      await b.close();
      await page.close();
    } finally {
      await subscriber?.close();
      await listServer?.close();
    }
  });
});
