/**
 * `license-lens audit <URL|sitemap.xml>` (issue 24.1): a small local site audited in headless Chromium with the
 * built extension. The flagged set must equal what the extension flags when a user subscribed to the same list
 * opens the same pages; robots.txt keeps a page out; --depth bounds the links followed; exit code 1 when
 * something is unlicensed; frames' images count for their page; a page that cannot finish in --page-timeout is
 * reported incomplete. Chromium only: the audit drives Chromium.
 */
import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { tabIdOf, waitForScan } from '../../scripts/lib/launch.js';
import { file, html, json, listsAction, openOptions, slow, startListServer, type ListServer } from './list-helpers.js';
import { describeInBrowsers } from './setup.js';

const DEMO = new URL('../../demo/images/', import.meta.url).pathname;
const BIN = new URL('../../bin/license-lens.mjs', import.meta.url).pathname;
/** Works of the list; coffee.jpg is shown but not registered. */
const WORKS = ['astronaut.jpg', 'chelsea.jpg', 'rocket.jpg', 'starry-night.jpg'];

let server: ListServer;
/** Another origin, for a cross-origin frame. */
let other: ListServer;
let dir = '';

interface Run {
  code: number;
  report: { pages: Array<{ url: string; error?: string; incomplete?: string; checked: number }>; disallowed: string[]; images: Array<{ file: string; page: string; matches: Array<{ verdict: string }> }> };
}

function audit(...a: string[]): Promise<Run> {
  return new Promise((done, fail) => {
    execFile(process.execPath, [BIN, 'audit', ...a, '--list', join(dir, 'list.json'), '--json'], { timeout: 240_000, maxBuffer: 1 << 24 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
      if (code !== 0 && code !== 1) return fail(new Error(`audit exited ${code}: ${stderr}`));
      done({ code, report: JSON.parse(stdout) as Run['report'] });
    });
  });
}

const names = (urls: string[]) => urls.map((u) => u.split('/').pop()!).sort();

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'll-audit-url-'));
  const images = join(dir, 'images');
  mkdirSync(images);
  for (const f of WORKS) copyFileSync(join(DEMO, f), join(images, f));
  writeFileSync(join(dir, 'models.json'), JSON.stringify({ list: { id: 'audit-url', name: 'Audit URL' }, publisher: { name: 'Audit' }, models: [{ id: 'm', name: 'M', license: { personalUse: true, commercialUse: 'forbidden', attributionRequired: false, derivativesAllowed: false } }] }));
  const run = (...a: string[]) => new Promise<void>((ok, ko) => execFile(process.execPath, [BIN, ...a], { timeout: 120_000 }, (e) => (e ? ko(e) : ok())));
  await run('keygen', '--out', join(dir, 'key.json'));
  await run('build', images, '--meta', join(dir, 'models.json'), '--key', join(dir, 'key.json'), '--out', join(dir, 'list.json'));
  server = await startListServer();
  const o = server.origin;
  server.routes.set('/list.json', json(readFileSync(join(dir, 'list.json'), 'utf8')));
  for (const f of [...WORKS, 'coffee.jpg']) server.routes.set(`/img/${f}`, file(join(DEMO, f)));
  server.routes.set('/index.html', html(`<img src="/img/astronaut.jpg" width="160"><img src="/img/coffee.jpg" width="160"><a href="/b.html#top">b</a> <a href="/private.html">p</a> <a href="https://elsewhere.example/">x</a>`));
  // Below the fold and lazy: loaded only once the audit scrolls.
  server.routes.set('/b.html', html(`<div style="height:4000px"></div><img loading="lazy" src="/img/chelsea.jpg" width="160"><a href="/deep.html">deeper</a>`));
  server.routes.set('/deep.html', html(`<img src="/img/rocket.jpg" width="160">`));
  server.routes.set('/private.html', html(`<img src="/img/starry-night.jpg" width="160">`));
  // Served late (the extension's own fetch too), so the quick <img> is judged well before these.
  for (const f of ['starry-night.jpg', 'rocket.jpg']) server.routes.set(`/slow/${f}`, slow(file(join(DEMO, f)), 2500));
  server.routes.set(
    '/hidden.html',
    html(
      `<img src="/img/coffee.jpg" width="160"><div style="width:200px;height:200px;background:url(/slow/starry-night.jpg) 0 0/cover"></div><div id="host"></div>` +
        `<script>document.getElementById('host').attachShadow({ mode: 'open' }).innerHTML = '<img src="/slow/rocket.jpg" width="160">';</script>`,
    ),
  );
  // Frames: a same-origin one and a cross-origin one whose image is served late.
  other = await startListServer();
  other.routes.set('/slow/rocket.jpg', slow(file(join(DEMO, 'rocket.jpg')), 2500));
  other.routes.set('/frame.html', html(`<img src="/slow/rocket.jpg" width="160">`));
  server.routes.set('/frame.html', html(`<img src="/img/astronaut.jpg" width="160">`));
  server.routes.set('/framed.html', html(`<img src="/img/coffee.jpg" width="160"><iframe src="/frame.html" width="300" height="240"></iframe><iframe src="${other.origin}/frame.html" width="300" height="240"></iframe>`));
  // Never served within an audit: one image holds the load event back, a lazy one below the fold starts on the scroll.
  server.routes.set('/never/chelsea.jpg', slow(file(join(DEMO, 'chelsea.jpg')), 600_000));
  server.routes.set('/never/rocket.jpg', slow(file(join(DEMO, 'rocket.jpg')), 600_000));
  server.routes.set('/stalled.html', html(`<img src="/img/coffee.jpg" width="160"><img src="/never/chelsea.jpg" width="160" height="120"><div style="height:3000px"></div><img loading="lazy" src="/never/rocket.jpg" width="160" height="120">`));
  // A page that never stops adding images (a new address every 150 ms).
  server.routes.set('/growing.html', html(`<img src="/img/astronaut.jpg" width="160"><script>let n = 0; setInterval(() => { const i = new Image(160, 120); i.src = '/img/coffee.jpg?n=' + n++; document.body.append(i); }, 150);</script>`));
  // 150 images of five kinds, as on bench/audit-page.ts's page (where the scroll left 16 of 40 lazy ones unloaded).
  const kinds = (u: string, i: number) => {
    const box = 'width:180px;height:135px;display:inline-block;margin:4px';
    return [`<img src="${u}" style="${box}">`, `<img srcset="${u} 1x" style="${box}">`, `<img loading="lazy" src="${u}" style="${box}">`, `<div style="${box};background:url(${u}) center/cover"></div>`, `<picture><source srcset="${u}"><img src="${u}" style="${box}"></picture>`][i % 5];
  };
  server.routes.set('/many.html', html(Array.from({ length: 150 }, (_, i) => kinds(`/img/coffee.jpg?n=${i}`, i)).join('\n')));
  server.routes.set('/robots.txt', (_q, res) => void res.writeHead(200, { 'Content-Type': 'text/plain' }).end('User-agent: *\nDisallow: /private.html\n'));
  const urlset = ['index.html', 'private.html', 'deep.html'].map((p) => `<url><loc>${o}/${p}</loc></url>`).join('');
  server.routes.set('/sitemap.xml', (_q, res) => void res.writeHead(200, { 'Content-Type': 'application/xml' }).end(`<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">${urlset}</urlset>`));
}, 180_000);
afterAll(async () => {
  await server?.close();
  await other?.close();
});

describeInBrowsers(
  'audit of pages and sitemaps',
  (_kind, env) => {
    it('--depth 1 flags what the extension flags on the same pages, skips what robots.txt disallows, exits 1', async () => {
      const { code, report } = await audit(`${server.origin}/index.html`, '--depth', '1');
      expect(report.pages.map((p) => p.error).filter(Boolean)).toEqual([]);
      expect(names(report.pages.map((p) => p.url))).toEqual(['b.html', 'index.html']);
      expect(names(report.disallowed)).toEqual(['private.html']);
      expect(names(report.images.map((i) => i.file))).toEqual(['astronaut.jpg', 'chelsea.jpg']);
      expect(report.images.every((i) => i.matches.some((m) => m.verdict === 'unlicensed'))).toBe(true);
      expect(code).toBe(1);

      // The same pages in a browser profile subscribed to the same list the way a user does.
      const { session } = env();
      const options = await openOptions(session);
      expect((await listsAction(options, { subscribe: `${server.origin}/list.json` })).statusState).toBe('ok');
      await options.close();
      const seen: string[] = [];
      for (const [path, count] of [['index.html', 2], ['b.html', 1]] as const) {
        const page = await session.browser.newPage();
        await page.goto(`${server.origin}/${path}`);
        await page.evaluate(() => scrollTo(0, document.documentElement.scrollHeight));
        const r = await waitForScan(session, await tabIdOf(session, `${server.origin}/${path}`), count, 60_000);
        seen.push(...r.flagged.map((f) => f.url));
        await page.close();
      }
      expect(names(report.images.map((i) => i.file))).toEqual(names(seen));
    }, 400_000);

    it('audits the pages a sitemap lists (robots.txt still respected); nothing unlicensed on a clear page exits 0', async () => {
      const { code, report } = await audit(`${server.origin}/sitemap.xml`);
      expect(report.pages.map((p) => p.error).filter(Boolean)).toEqual([]);
      expect(names(report.pages.map((p) => p.url))).toEqual(['deep.html', 'index.html']);
      expect(names(report.disallowed)).toEqual(['private.html']);
      expect(names(report.images.map((i) => i.file))).toEqual(['astronaut.jpg', 'rocket.jpg']);
      expect(code).toBe(1);
      // A page with only an unregistered image: judged (one image checked), nothing flagged, exit code 0.
      server.routes.set('/clear.html', html(`<img src="/img/coffee.jpg" width="160">`));
      const clear = await audit(`${server.origin}/clear.html`);
      expect(clear.report.images).toEqual([]);
      expect(clear.report.pages).toMatchObject([{ checked: 1, flagged: 0 }]);
      expect(clear.code).toBe(0);
    }, 400_000);

    it('waits for what the content script found beyond <img>: a CSS background and a shadow-DOM image, served late, are flagged and counted', async () => {
      const { code, report } = await audit(`${server.origin}/hidden.html`);
      expect(report.pages).toMatchObject([{ checked: 3, skipped: 0, flagged: 2 }]);
      expect(report.pages[0]).not.toHaveProperty('incomplete');
      expect(names(report.images.map((i) => i.file))).toEqual(['rocket.jpg', 'starry-night.jpg']);
      expect(code).toBe(1);
    }, 400_000);

    it('every image of a long page of 150 is checked, the lazy ones the scroll went past included', async () => {
      const { report } = await audit(`${server.origin}/many.html`);
      expect(report.pages).toMatchObject([{ checked: 150, skipped: 0, flagged: 0 }]);
      expect(report.pages[0]).not.toHaveProperty('incomplete');
    }, 400_000);

    it('audits the images of same-origin and cross-origin frames, each recorded on the page that shows the frame', async () => {
      const { code, report } = await audit(`${server.origin}/framed.html`);
      expect(report.pages).toMatchObject([{ checked: 3, skipped: 0, flagged: 2 }]);
      expect(report.pages[0]).not.toHaveProperty('incomplete');
      expect(report.images.map((i) => `${i.file} on ${i.page}`).sort()).toEqual([`${other.origin}/slow/rocket.jpg on ${server.origin}/framed.html`, `${server.origin}/img/astronaut.jpg on ${server.origin}/framed.html`].sort());
      expect(code).toBe(1);
    }, 400_000);

    it('a page whose images never finish loading is reported incomplete with what was checked, and --fail-on unreadable exits 1', async () => {
      const { code, report } = await audit(`${server.origin}/stalled.html`, '--page-timeout', '30', '--fail-on', 'unreadable');
      expect(report.pages).toMatchObject([{ checked: 1, skipped: 0, flagged: 0 }]);
      expect(report.pages[0]!.error).toBeUndefined();
      expect(report.pages[0]!.incomplete).toMatch(/^incomplete after 30 s: .*2 still loading; 1 checked/);
      expect(report.images).toEqual([]);
      expect(code).toBe(1);
    }, 400_000);

    it('a page that keeps adding images is reported incomplete, with the images flagged so far', async () => {
      const { code, report } = await audit(`${server.origin}/growing.html`, '--page-timeout', '30');
      expect(report.pages[0]!.incomplete).toMatch(/^incomplete after 30 s: \d+ of the \d+ images it found still being checked/);
      expect(report.pages[0]!.checked).toBeGreaterThanOrEqual(2);
      expect(names(report.images.map((i) => i.file))).toEqual(['astronaut.jpg']);
      expect(code).toBe(1);
    }, 400_000);
  },
  { browsers: ['chrome'] },
);
