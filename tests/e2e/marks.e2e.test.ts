/**
 * Marks on the page as a person and as the page see them: each verdict's colour read from a screenshot, marks that
 * survive the page removing their layer, and how little of them a page can observe.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { tabIdOf, waitForScan, type Session } from '../../scripts/lib/launch.js';
import { listText, signList } from '../../src/lib/list/sign.js';
import type { ListDraft } from '../../src/lib/list/schema.js';
import { generateKeyPair } from '../../src/lib/list/ed25519.js';
import { fingerprintFile } from '../../src/node/decode.js';
import { cardState, checkViaMenu, rightClick, MENU_CHECK } from './ext-helpers.js';
import { file, html, json, listsAction, openOptions, startListServer, type ListServer } from './list-helpers.js';
import { marksAt } from './mark-pixels.js';
import { describeInBrowsers } from './setup.js';

const DEMO = new URL('../../demo/images/', import.meta.url).pathname;
const FILES = ['astronaut.jpg', 'chelsea.jpg', 'coffee.jpg', 'rocket.jpg', 'starry-night.jpg'];
const terms = { personalUse: true, attributionRequired: false, derivativesAllowed: true } as const;

/** One model per verdict on 127.0.0.1, one work each. */
const MODELS: ListDraft['models'] = [
  { id: 'paid', name: 'Paid', license: { ...terms, commercialUse: 'license-required' }, licensees: [] },
  { id: 'licensed', name: 'Licensed here', license: { ...terms, commercialUse: 'license-required' }, licensees: [{ name: 'This page', sites: ['127.0.0.1'] }] },
  { id: 'free', name: 'Free', license: { ...terms, commercialUse: 'allowed' }, licensees: [] },
  { id: 'credit', name: 'Credit', license: { ...terms, commercialUse: 'allowed', attributionRequired: true }, licensees: [] },
];
/** Element id -> its work's model, and the colour README gives that verdict. */
const EXPECTED: Record<string, { file: string; model: string; colour: string }> = {
  '#unlicensed': { file: 'astronaut.jpg', model: 'paid', colour: 'red' },
  '#licensed': { file: 'chelsea.jpg', model: 'licensed', colour: 'green' },
  '#free': { file: 'coffee.jpg', model: 'free', colour: 'green' },
  '#free-credit': { file: 'rocket.jpg', model: 'credit', colour: 'orange' },
};

let server: ListServer;

beforeAll(async () => {
  server = await startListServer();
  const fp: Record<string, string> = {};
  for (const f of FILES) {
    fp[f] = await fingerprintFile(`${DEMO}${f}`);
    server.routes.set(`/img/${f}`, file(`${DEMO}${f}`));
  }
  const draft: ListDraft = {
    format: 'license-lens/list',
    formatVersion: 1,
    id: 'verdicts',
    name: 'One work per verdict',
    version: 1,
    updated: '2026-12-05T10:00:00Z',
    publisher: { name: 'Verdict tester' },
    models: MODELS,
    works: [
      ...Object.entries(EXPECTED).map(([id, w]) => ({ id: id.slice(1), model: w.model, title: id, fingerprints: [fp[w.file]!] })),
      { id: 'late', model: 'paid', title: 'late', fingerprints: [fp['starry-night.jpg']!] },
    ],
  };
  server.routes.set('/verdicts.json', json(listText(await signList(draft, await generateKeyPair()))));
  const img = (id: string, f: string) => `<img id="${id}" src="/img/${f}" style="width:240px;height:160px;margin:8px">`;
  server.routes.set('/marks.html', html(Object.entries(EXPECTED).map(([id, w]) => img(id.slice(1), w.file)).join('')));
  server.routes.set('/img/plain.png', file(`${DEMO}generated-other.png`, 'image/png'));
  server.routes.set('/plain.html', html('<p>Nothing flagged here.</p><img src="/img/plain.png" style="width:240px;height:160px">'));
});
afterAll(() => server?.close());

async function subscribe(session: Session): Promise<void> {
  const options = await openOptions(session);
  expect((await listsAction(options, { subscribe: `${server.origin}/verdicts.json` })).statusState).toBe('ok');
  await options.close();
}

describeInBrowsers('marks', (_kind, env) => {
  beforeAll(() => subscribe(env().session));

  it("draws each verdict's mark in README's colour", async () => {
    const { session } = env();
    const page = await session.browser.newPage();
    await page.setViewport({ width: 1280, height: 900 });
    await page.goto(`${server.origin}/marks.html`);
    const tabId = await tabIdOf(session, `${server.origin}/marks.html`);
    expect((await waitForScan(session, tabId, 4)).flagged).toHaveLength(4);
    const want = Object.fromEntries(Object.entries(EXPECTED).map(([sel, w]) => [sel, w.colour]));
    await expect.poll(() => marksAt(page, Object.keys(EXPECTED)), { timeout: 10_000, interval: 300 }).toEqual(want);
    await page.close();
  });

  it('marks keep their style and come back after the page removes their layer', async () => {
    const { session } = env();
    const page = await session.browser.newPage();
    await page.setViewport({ width: 1280, height: 900 });
    await page.goto(`${server.origin}/marks.html`);
    await expect.poll(() => marksAt(page, ['#unlicensed']), { timeout: 20_000, interval: 300 }).toEqual({ '#unlicensed': 'red' });
    // The page removes whatever License Lens added under <html>, then shows another flagged image.
    const removed = await page.evaluate(() => {
      const extra = Array.from(document.documentElement.children).filter((el) => el !== document.head && el !== document.body);
      for (const el of extra) el.remove();
      const img = Object.assign(document.createElement('img'), { id: 'late', src: '/img/starry-night.jpg' });
      img.style.cssText = 'width:240px;height:160px;margin:8px';
      document.body.prepend(img);
      return extra.length;
    });
    expect(removed).toBe(1);
    await expect.poll(() => marksAt(page, ['#late', '#unlicensed']), { timeout: 20_000, interval: 300 }).toEqual({ '#late': 'red', '#unlicensed': 'red' });
    await page.close();
  });

  it("the card closes for the person's Escape and clicks, not for events the page dispatches", async () => {
    const { session } = env();
    const page = await session.browser.newPage();
    await page.setViewport({ width: 1280, height: 900 });
    await page.goto(`${server.origin}/marks.html`);
    const tabId = await tabIdOf(session, `${server.origin}/marks.html`);
    await waitForScan(session, tabId, 4);
    await rightClick(page, '#unlicensed');
    expect((await checkViaMenu(session, tabId, { menuItemId: MENU_CHECK, mediaType: 'image', srcUrl: `${server.origin}/img/astronaut.jpg` })).verdict).toBe('unlicensed');
    await page.evaluate(() => {
      const at = { bubbles: true, composed: true, clientX: 5, clientY: 5 };
      document.body.dispatchEvent(new PointerEvent('pointerdown', at));
      document.body.dispatchEvent(new MouseEvent('mousedown', at));
      document.body.dispatchEvent(new MouseEvent('click', at));
      document.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
      window.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    });
    // The page's events were handled (a later trusted key press is seen) and left the card open.
    await page.keyboard.press('Shift');
    expect((await cardState(session, tabId)).open).toBe(true);
    await page.keyboard.press('Escape');
    await expect.poll(async () => (await cardState(session, tabId)).open, { timeout: 5_000 }).toBe(false);
    // And a real click outside it.
    await rightClick(page, '#unlicensed');
    await checkViaMenu(session, tabId, { menuItemId: MENU_CHECK, mediaType: 'image', srcUrl: `${server.origin}/img/astronaut.jpg` });
    await page.mouse.click(5, 600);
    await expect.poll(async () => (await cardState(session, tabId)).open, { timeout: 5_000 }).toBe(false);
    await page.close();
  });

  it('leaves a page no element before the first mark, then one neutral element that takes no hit tests', async () => {
    const { session } = env();
    const page = await session.browser.newPage();
    await page.setViewport({ width: 1280, height: 900 });
    await page.goto(`${server.origin}/plain.html`);
    const plainTab = await tabIdOf(session, `${server.origin}/plain.html`);
    const plain = await waitForScan(session, plainTab, 1);
    expect(plain.checked).toBe(1);
    expect(plain.flagged).toHaveLength(0);
    const tags = () => page.evaluate(() => Array.from(document.documentElement.children, (el) => el.tagName.toLowerCase()));
    expect(await tags()).toEqual(['head', 'body']);

    await page.goto(`${server.origin}/marks.html`);
    const want = Object.fromEntries(Object.entries(EXPECTED).map(([sel, w]) => [sel, w.colour]));
    await expect.poll(() => marksAt(page, Object.keys(EXPECTED)), { timeout: 20_000, interval: 300 }).toEqual(want);
    const seen = await page.evaluate((sels: string[]) => {
      const extra = Array.from(document.documentElement.children).filter((el) => el !== document.head && el !== document.body);
      const hits = sels.map((s) => {
        const r = document.querySelector(s)!.getBoundingClientRect();
        // The middle of the mark: every element stacked there, as the page's own hit testing finds them.
        return document.elementsFromPoint(r.left + 15, r.top + 15).some((el) => extra.includes(el));
      });
      return { extra: extra.map((el) => ({ tag: el.tagName.toLowerCase(), attrs: el.getAttributeNames(), open: !!el.shadowRoot })), hits };
    }, Object.keys(EXPECTED));
    expect(seen.extra).toEqual([{ tag: 'div', attrs: [], open: false }]);
    expect(seen.hits).toEqual([false, false, false, false]);
    await page.close();
  });
});
