import { afterAll, beforeAll, expect, it } from 'vitest';
import { openPopup, tabIdOf, waitForScan } from '../../scripts/lib/launch.js';
import { generateKeyPair, keyFingerprint, type KeyPairInfo } from '../../src/lib/list/ed25519.js';
import { listText, signList } from '../../src/lib/list/sign.js';
import type { ListDraft } from '../../src/lib/list/schema.js';
import { fingerprintFile } from '../../src/node/decode.js';
import { dropMidway, file, html, hugeBody, json, LICENSE, listDraft, listsAction, openOptions, startListServer, summary, type ListServer } from './list-helpers.js';
import { checkViaMenu, rightClick, MENU_CHECK } from './ext-helpers.js';
import { describeInBrowsers } from './setup.js';

const DEMO = new URL('../../demo/images/', import.meta.url).pathname;
const EVIL = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>';

let server: ListServer;
let alice: KeyPairInfo;
let bob: KeyPairInfo;
const fp: Record<string, string> = {};

const draft = (version: number, publisher: string, works: Array<[string, string]>, extra: Partial<ListDraft> = {}) => listDraft(fp, version, publisher, works, extra);

beforeAll(async () => {
  server = await startListServer();
  [alice, bob] = await Promise.all([generateKeyPair(), generateKeyPair()]);
  for (const f of ['astronaut.jpg', 'chelsea.jpg', 'coffee.jpg', 'rocket.jpg']) {
    fp[f] = await fingerprintFile(`${DEMO}${f}`);
    server.routes.set(`/img/${f}`, file(`${DEMO}${f}`));
  }
  server.routes.set('/page.html', html(['astronaut.jpg', 'chelsea.jpg', 'coffee.jpg', 'rocket.jpg'].map((f) => `<img src="/img/${f}" width="200">`).join('')));
});
afterAll(() => server?.close());

describeInBrowsers('subscribed lists', (kind, env) => {
  const url = (p: string) => `${server.origin}/${kind}${p}`;
  let aliceId = '';

  it('subscribes by URL to a signed list, shows its publisher and key, and flags its works; a second list claiming the same work is shown too', async () => {
    const { session } = env();
    server.routes.set(`/${kind}/alice.json`, json(listText(await signList(draft(1, 'Alice', [['a1', 'astronaut.jpg'], ['c1', 'chelsea.jpg']]), alice)), '"a1"'));
    server.routes.set(`/${kind}/bob.json`, json(listText(await signList(draft(1, 'Bob', [['b1', 'astronaut.jpg']]), bob)), '"b1"'));
    const options = await openOptions(session);
    expect(await options.$eval('#key-fingerprint', (el) => el.textContent)).toMatch(/^[0-9a-f]{4}( [0-9a-f]{4}){7}$/);
    const after = await listsAction(options, { subscribe: url('/alice.json') });
    expect(after.statusState).toBe('ok');
    expect(after.items).toHaveLength(1);
    const item = after.items[0]!;
    aliceId = item.id;
    expect(item.text).toContain("Alice's works");
    expect(item.text).toContain(await keyFingerprint(alice.publicKey));
    expect(item.text).toContain('1 models · 2 works · version 1');
    expect((await listsAction(options, { subscribe: url('/bob.json') })).items).toHaveLength(2);

    const page = await session.browser.newPage();
    await page.goto(`${server.origin}/page.html`);
    const tabId = await tabIdOf(session, `${server.origin}/page.html`);
    const report = await waitForScan(session, tabId, 4);
    expect(report.flagged.map((r) => r.url.split('/').pop()).sort()).toEqual(['astronaut.jpg', 'chelsea.jpg']);
    const astro = report.flagged.find((r) => r.url.endsWith('astronaut.jpg'))!;
    expect(astro.matches.map((m) => m.creator.name).sort()).toEqual(['Alice', 'Bob']);
    const popup = await openPopup(session, tabId);
    const claims = await popup.$$eval('li.match .claims', (ps) => ps.map((p) => p.textContent));
    expect(claims).toHaveLength(1);
    expect(claims[0]).toMatch(/Also claimed by: (Alice|Bob) \((Alice|Bob) Model\)/);
    await popup.close();

    // The right-click card names the list as the popup does, not by its internal id.
    await rightClick(page, 'img[src$="/chelsea.jpg"]');
    const card = await checkViaMenu(session, tabId, { menuItemId: MENU_CHECK, mediaType: 'image', srcUrl: `${server.origin}/img/chelsea.jpg` });
    expect(card.verdict).toBe('unlicensed');
    expect(card.text).toContain("From list: Alice's works (Alice)");
    await page.keyboard.press('Escape');
    // An image that works of two lists' models match: one block per model in the card, each with its terms and list.
    await rightClick(page, 'img[src$="/astronaut.jpg"]');
    const both = await checkViaMenu(session, tabId, { menuItemId: MENU_CHECK, mediaType: 'image', srcUrl: `${server.origin}/img/astronaut.jpg` });
    for (const who of ['Alice', 'Bob']) {
      expect(both.text).toContain(`${who} Model Unlicensedby ${who}Personal use free · Commercial use needs a license · No derivatives100% similar · same imageFrom list: ${who}'s works (${who})`);
    }
    await page.close();
    await options.close();
  });

  it('rejects hostile updates and subscriptions with a clear message and changes nothing stored', async () => {
    const { session } = env();
    const options = await openOptions(session);
    const before = await summary(session);
    const good = listText(await signList(draft(2, 'Alice', [['a1', 'astronaut.jpg']]), alice));
    const hostile: Array<[string, import('./list-helpers.js').Handler, RegExp]> = [
      ['malformed JSON', json('{"format": "license-lens/list",'), /not valid JSON/],
      ['wrong schema', json(JSON.stringify({ format: 'license-lens/list', formatVersion: 1, id: 'x', works: 'none' })), /invalid list: name/],
      ['bad signature', json(good.replace('"Alice Model"', '"Alice Modem"')), /bad signature/],
      ['100 MB body', hugeBody, /larger than the 20 MB limit/],
      ['dropped connection', dropMidway(good), /download failed|connection/],
      ['another key', json(listText(await signList(draft(3, 'Alice', [['a1', 'astronaut.jpg']]), bob))), /signed by another key/],
    ];
    for (const [name, handler, why] of hostile) {
      server.routes.set(`/${kind}/alice.json`, handler);
      const s = await listsAction(options, { update: aliceId });
      expect(s.statusState, name).toBe('error');
      expect(s.status, name).toMatch(why);
      const item = s.items.find((i) => i.id === aliceId)!;
      expect(item.state, name).toBe('error');
      expect(item.text, name).toMatch(/Last update failed, the previous version is still in use/);
      expect(item.text, name).toContain('2 works · version 1');
      expect(await summary(session), name).toEqual(before);
      // The same answer to a new subscription: refused, nothing added (a list by another key is only wrong as an update).
      if (name === 'another key') continue;
      server.routes.set(`/${kind}/new-${name.replace(/\W/g, '')}.json`, handler);
      const sub = await listsAction(options, { subscribe: url(`/new-${name.replace(/\W/g, '')}.json`) });
      expect(sub.statusState, name).toBe('error');
      expect(sub.status, name).toMatch(why);
      expect(sub.items, name).toHaveLength(2);
      expect(await summary(session), name).toEqual(before);
    }
    // A good update afterwards lands and clears the error.
    server.routes.set(`/${kind}/alice.json`, json(good, '"a2"'));
    const ok = await listsAction(options, { update: aliceId });
    expect(ok.statusState).toBe('ok');
    expect(ok.items.find((i) => i.id === aliceId)).toMatchObject({ state: 'ok', text: expect.stringContaining('1 works · version 2') });
    await options.close();
  }, 300_000);

  it('updates in the background when the alarm fires, sending the ETag back and keeping the list on 304', async () => {
    const { session } = env();
    const sent: Array<string | undefined> = [];
    const v3 = listText(await signList(draft(3, 'Alice', [['a1', 'astronaut.jpg'], ['k1', 'coffee.jpg'], ['r1', 'rocket.jpg']]), alice));
    server.routes.set(`/${kind}/alice.json`, (req, res) => {
      sent.push(req.headers['if-none-match']);
      if (req.headers['if-none-match'] === '"a3"') return void res.writeHead(304).end();
      res.writeHead(200, { 'Content-Type': 'application/json', ETag: '"a3"' }).end(v3);
    });
    type Sub = { id: string; version: number; works: number; error?: string; checkedAt?: number };
    const aliceSub = async () => {
      const subs = await session.ext.evaluate(() => chrome.runtime.sendMessage({ type: 'lists/get', payload: {} }));
      return (subs.value as Sub[]).find((x) => x.id === aliceId)!;
    };
    // The n-th request was served and its outcome stored: the update writes checkedAt with it (same clock as `since`).
    const alice3 = async (n: number, since: number) => {
      await expect.poll(() => sent.length, { timeout: 30_000 }).toBeGreaterThanOrEqual(n);
      await expect.poll(async () => (await aliceSub()).checkedAt ?? 0, { timeout: 10_000 }).toBeGreaterThanOrEqual(since);
      return aliceSub();
    };
    const fire = async () => {
      const since = Date.now();
      await session.ext.evaluate(() => chrome.alarms.create('lists/update', { when: Date.now() + 200 }));
      return since;
    };
    expect(await alice3(1, await fire())).toMatchObject({ version: 3, works: 3 });
    expect(sent[0]).toBe('"a2"');
    const after304 = await alice3(2, await fire());
    expect(after304).toMatchObject({ version: 3, works: 3 });
    expect(after304.error).toBeUndefined();
    expect(sent[1]).toBe('"a3"');
    // The periodic alarm is back after the one-off run.
    await expect.poll(() => session.ext.evaluate(async () => (await chrome.alarms.get('lists/update'))?.periodInMinutes), { timeout: 10_000 }).toBe(360);
  });

  it('shows HTML and script from every text field of a list as plain text, in the options page and the popup', async () => {
    const { session } = env();
    const evil: ListDraft = {
      ...draft(1, EVIL, [['r1', 'rocket.jpg']]),
      id: 'evil',
      name: EVIL,
      publisher: { name: EVIL, homepage: `https://evil.example/${encodeURIComponent(EVIL)}`, contact: EVIL },
      models: [
        {
          id: 'm',
          name: EVIL,
          version: EVIL.slice(0, 50),
          baseModel: EVIL.slice(0, 100),
          license: { ...LICENSE, price: EVIL, contact: EVIL, summary: EVIL, licenseUrl: 'https://evil.example/license' },
          licensees: [{ name: EVIL, sites: [EVIL.slice(0, 200)] }],
        },
      ],
      works: [{ id: 'r1', model: 'm', title: EVIL, fingerprints: [fp['rocket.jpg']!] }],
    };
    server.routes.set(`/${kind}/evil.json`, json(listText(await signList(evil, bob))));
    const options = await openOptions(session);
    const s = await listsAction(options, { subscribe: url('/evil.json') });
    expect(s.statusState).toBe('ok');
    const item = s.items.find((i) => i.text.includes('<script>'))!;
    expect(item.text).toContain(EVIL);
    expect(item.imgs).toBe(0);
    const page = await session.browser.newPage();
    await page.goto(`${server.origin}/page.html?evil`);
    const tabId = await tabIdOf(session, `${server.origin}/page.html?evil`);
    const report = await waitForScan(session, tabId, 4);
    expect(report.flagged.map((r) => r.url.split('/').pop())).toContain('rocket.jpg');
    const popup = await openPopup(session, tabId);
    const shown = await popup.$$eval('li.match', (lis) =>
      lis
        .filter((li) => (li as HTMLElement).dataset.url!.endsWith('rocket.jpg'))
        .map((li) => li.closest('.model-group')!)
        .map((g) => ({
          text: g.textContent,
          files: [...g.querySelectorAll<HTMLElement>('li.match')].map((m) => m.dataset.url!.split('/').pop()),
          tags: g.querySelectorAll('img').length,
          scripts: g.querySelectorAll('script').length,
        })),
    );
    expect(shown).toHaveLength(1);
    expect(shown[0]!.text).toContain(EVIL);
    // rocket.jpg's block. Alice's list (subscribed above) claims rocket.jpg too, with the same fingerprint, so its
    // top match may be Alice's model, whose block also holds coffee.jpg; the evil claim is then its other match.
    expect(shown[0]!.files).toContain('rocket.jpg');
    expect(shown[0]!.tags).toBe(shown[0]!.files.length); // the thumbnails only
    expect(shown[0]!.scripts).toBe(0);
    expect(await popup.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await options.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();
    await popup.close();
    await page.close();
    await options.close();
  });

  it('removes a list and exactly its works', async () => {
    const { session } = env();
    const options = await openOptions(session);
    const before = await summary(session);
    const s = await listsAction(options, { remove: aliceId });
    expect(s.statusState).toBe('ok');
    expect(s.items.map((i) => i.id)).not.toContain(aliceId);
    const after = await summary(session);
    expect(after.sources.find((x) => x.source === `list:${aliceId}`)).toBeUndefined();
    expect(after.sources.filter((x) => x.source !== `list:${aliceId}`)).toEqual(before.sources.filter((x) => x.source !== `list:${aliceId}`));
    await options.close();
  });
});
