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
  server.routes.set('/plain.html', html('<p>Nothing flagged here.</p>'));
});
afterAll(() => server?.close());

async function subscribe(session: Session): Promise<void> {
  const options = await openOptions(session);
  expect((await listsAction(options, { subscribe: `${server.origin}/verdicts.json` })).statusState).toBe('ok');
  await options.close();
}

describeInBrowsers('marks', (_kind, env) => {
  it("draws each verdict's mark in README's colour", async () => {
    const { session } = env();
    await subscribe(session);
    const page = await session.browser.newPage();
    await page.setViewport({ width: 1280, height: 900 });
    await page.goto(`${server.origin}/marks.html`);
    const tabId = await tabIdOf(session, `${server.origin}/marks.html`);
    expect((await waitForScan(session, tabId, 4)).flagged).toHaveLength(4);
    const want = Object.fromEntries(Object.entries(EXPECTED).map(([sel, w]) => [sel, w.colour]));
    await expect.poll(() => marksAt(page, Object.keys(EXPECTED)), { timeout: 10_000, interval: 300 }).toEqual(want);
    await page.close();
  });
});
