/**
 * Compare and Report (issue 22.3, 22.5): a partly redrawn copy of a work from a subscribed list, built by the CLI
 * with a report channel, is flagged; its Compare page outlines the redrawn region on the page image; the report
 * shows its evidence, opens the prefilled e-mail only on the click, and the saved JSON + PNG verify with the CLI
 * against the creator's list, --fetch included. A copy with a logo added in a corner (the demo server's
 * /made/astronaut-marked.jpg) says "mark or text added" and outlines its mark box in dashed blue, apart from
 * redrawn regions. LL_SCREENSHOTS=1 writes the README's Compare screenshots.
 */
import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Page } from 'puppeteer-core';
import sharp from 'sharp';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { enableDemo, tabIdOf, waitForScan, type Session } from '../../scripts/lib/launch.js';
import { waitForPage } from '../../scripts/lib/pages.js';
import { comparePath } from '../../src/lib/protocol/evidence-data.js';
import { demoImage, redrawn } from '../unit/helpers/redrawn.js';
import { html, json, listsAction, openOptions, startListServer, type ListServer } from './list-helpers.js';
import { describeInBrowsers } from './setup.js';

const BIN = new URL('../../bin/license-lens.mjs', import.meta.url).pathname;
const SHOTS = process.env.LL_SCREENSHOTS;
const MAILTO = 'mailto:report@creator.example';
const cli = (...argv: string[]) => promisify(execFile)(process.execPath, [BIN, ...argv], { timeout: 120_000 });
const patch = (w: number, h: number) => `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}"><rect width="${w}" height="${h}" fill="#2e7d32"/><circle cx="${w / 2}" cy="${h / 2}" r="${Math.min(w, h) / 3}" fill="#fdd835"/></svg>`;

/** A signed list of the demo portrait with a report channel, built by the CLI, and the redrawn copy's bytes. */
async function material(dir: string): Promise<{ list: string; copy: Buffer }> {
  mkdirSync(join(dir, 'images'));
  copyFileSync(demoImage('astronaut.jpg'), join(dir, 'images', 'astronaut.jpg'));
  const license = { personalUse: false, commercialUse: 'forbidden', attributionRequired: false, derivativesAllowed: false };
  writeFileSync(join(dir, 'models.json'), JSON.stringify({ list: { id: 'report-test', name: 'Report test' }, publisher: { name: 'Report Tester', report: MAILTO }, models: [{ id: 'muse', name: 'Report Muse', license }] }));
  await cli('keygen', '--out', join(dir, 'key.json'));
  await cli('build', join(dir, 'images'), '--meta', join(dir, 'models.json'), '--key', join(dir, 'key.json'), '--out', join(dir, 'list.json'));
  return { list: join(dir, 'list.json'), copy: await redrawn('astronaut.jpg', 0.5, 0.1, patch, 92) };
}

/** Opens the Compare page for the tab's only flagged image, as the popup does. */
async function openCompare(s: Session, tabId: number, url: string, workId: string, report: boolean): Promise<Page> {
  const path = comparePath(tabId, url, workId, report);
  await s.ext.evaluate((p: string) => chrome.tabs.create({ url: chrome.runtime.getURL(p) }), path);
  const page = await waitForPage(s.browser, (u) => u.includes('/src/compare/index.html?'));
  await page.waitForFunction(() => document.body.dataset.ready, { timeout: 30_000, polling: 200 });
  expect(await page.evaluate(() => document.body.dataset.ready + document.getElementById('status')!.textContent)).toBe('true');
  return page;
}

/** Links the page clicks are recorded instead of followed: opened ones in __opened, downloads in __files. */
async function recordClicks(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { __opened: string[]; __files: Array<{ name: string; b64: string }> };
    w.__opened = [];
    w.__files = [];
    document.addEventListener('click', (ev) => {
      const a = ev.target;
      if (!(a instanceof HTMLAnchorElement)) return;
      ev.preventDefault();
      if (!a.download) return void w.__opened.push(a.href);
      void fetch(a.href).then((r) => r.arrayBuffer()).then((b) => {
        let bin = '';
        const bytes = new Uint8Array(b);
        for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
        w.__files.push({ name: a.download, b64: btoa(bin) });
      });
    }, true);
  });
}

/** Clicks "Save report", writes the two files it downloads into `dir`, returns the JSON's name. */
async function saveReport(page: Page, dir: string): Promise<{ name: string }> {
  await page.click('#report-save');
  await page.waitForFunction(() => (window as unknown as { __files: unknown[] }).__files.length === 2, { timeout: 15_000, polling: 200 });
  const files = await page.evaluate(() => (window as unknown as { __files: Array<{ name: string; b64: string }> }).__files);
  for (const f of files) writeFileSync(join(dir, f.name), Buffer.from(f.b64, 'base64'));
  return files.find((f) => f.name.endsWith('.json'))!;
}

describeInBrowsers('compare and report', (kind, env) => {
  const dir = mkdtempSync(join(tmpdir(), `ll-report-${kind}-`));
  let server: ListServer;
  let list = '';
  beforeAll(async () => {
    server = await startListServer();
    const m = await material(dir);
    list = m.list;
    server.routes.set('/list.json', json(readFileSync(list, 'utf8')));
    server.routes.set('/copy.jpg', (_req, res) => void res.writeHead(200, { 'Content-Type': 'image/jpeg' }).end(m.copy));
    server.routes.set('/page.html', html('<h1>Shop</h1><img src="/copy.jpg" width="400">'));
  }, 180_000);
  afterAll(() => server?.close());
  let subscribed = false;
  /** The list of the redrawn work, subscribed once per browser by whichever test runs first. */
  async function subscribe(session: Session): Promise<void> {
    if (subscribed) return;
    const options = await openOptions(session);
    const sub = await listsAction(options, { subscribe: `${server.origin}/list.json` });
    expect(sub.statusState, sub.status).toBe('ok');
    await options.close();
    subscribed = true;
  }

  it('outlines the redrawn region, shows the evidence, opens the e-mail only on the click, and the saved report verifies', { timeout: 240_000 }, async () => {
    const { session } = env();
    await subscribe(session);
    const shop = await session.browser.newPage();
    await shop.goto(`${server.origin}/page.html`);
    const tabId = await tabIdOf(session, `${server.origin}/page.html`);
    const report = await waitForScan(session, tabId, 1, 60_000, (r) => r.flagged.length === 1);
    const m = report.flagged[0]!.matches[0]!;
    expect(m.hints?.changes.map((c) => c.kind)).toContain('redrawn');

    const page = await openCompare(session, tabId, report.flagged[0]!.url, m.workId, true);
    // The region is outlined: the outline's colour sits on the left edge of the first box, scaled to the canvas.
    const edge = await page.evaluate(() => {
      const c = document.getElementById('page-canvas') as HTMLCanvasElement;
      const box = JSON.parse(c.dataset.box ?? 'null') as { x: number; y: number; width: number; height: number; sx: number; sy: number };
      const px = c.getContext('2d')!.getImageData(Math.round(box.x * box.sx), Math.round((box.y + box.height / 2) * box.sy), 1, 1).data;
      return { regions: c.dataset.regions, px: Array.from(px), label: c.getAttribute('aria-label'), items: document.querySelectorAll('#hints li.region').length };
    });
    expect(edge.regions).not.toBe('0');
    expect(edge.items).toBeGreaterThan(0);
    const [r, g, b] = edge.px;
    expect(r! > 200 && g! < 110 && b! < 140, `outline pixel ${edge.px}`).toBe(true);
    expect(edge.label).toMatch(/Outlined in red/);

    // The evidence is shown first; nothing was opened and no link exists before the click.
    const text = await page.$eval('#evidence', (el) => el.textContent ?? '');
    expect(text).toContain(`${server.origin}/page.html`);
    expect(text).toContain('report-test');
    expect(await page.$('#report-link')).toBeNull();
    await recordClicks(page);
    expect(await page.evaluate(() => (window as unknown as { __opened: string[] }).__opened)).toEqual([]);
    await page.click('#report-send');
    const opened = await page.evaluate(() => (window as unknown as { __opened: string[] }).__opened);
    expect(opened).toHaveLength(1);
    expect(opened[0]).toMatch(/^mailto:report@creator\.example\?subject=.+&body=/);
    expect(decodeURIComponent(opened[0]!)).toContain(`${server.origin}/page.html`);
    if (SHOTS && kind === 'chrome') await page.screenshot({ path: 'docs/img/compare-chrome.png', fullPage: true });

    const jsonFile = await saveReport(page, dir);
    const { stdout } = await cli('evidence', 'verify', join(dir, jsonFile.name), '--list', list, '--fetch');
    expect(stdout).toMatch(/ok {3}png: .+ is the PNG the report names/);
    expect(stdout).toMatch(/ok {3}image now: the image at the URL still matches work astronaut/);
    await page.close();
    await shop.close();
  });

  it('outlines where a mark was added (a corner logo), apart from redrawn regions, and says it in words', { timeout: 180_000 }, async () => {
    const { session, servers } = env();
    await subscribe(session);
    // A page showing the demo server's corner-logo copy of the same work.
    server.routes.set('/marked.html', html(`<h1>Stock</h1><img src="${servers.imageOrigin}/made/astronaut-marked.jpg" width="400">`));
    const shop = await session.browser.newPage();
    await shop.goto(`${server.origin}/marked.html`);
    const tabId = await tabIdOf(session, `${server.origin}/marked.html`);
    const report = await waitForScan(session, tabId, 1, 60_000, (r) => r.flagged.length === 1);
    const m = report.flagged[0]!.matches[0]!;
    expect(m.hints?.changes.map((c) => c.kind)).toEqual(['marked']);

    const page = await openCompare(session, tabId, report.flagged[0]!.url, m.workId, false);
    const seen = await page.evaluate(() => {
      const c = document.getElementById('page-canvas') as HTMLCanvasElement;
      const box = JSON.parse(c.dataset.markBox ?? 'null') as { x: number; y: number; sx: number; sy: number } | null;
      // The dashes start at the box's top-left corner, so a pixel just inside it is the outline's.
      const px = box ? Array.from(c.getContext('2d')!.getImageData(Math.round(box.x * box.sx) + 1, Math.round(box.y * box.sy) + 1, 1, 1).data) : [];
      const legend = document.getElementById('page-legend');
      return {
        marks: c.dataset.marks,
        regions: c.dataset.regions,
        px,
        label: c.getAttribute('aria-label'),
        hints: document.getElementById('hints')!.textContent,
        items: document.querySelectorAll('#hints li.mark').length,
        legend: legend && !legend.hidden ? legend.textContent : '',
      };
    });
    expect(seen.marks).toBe('1');
    expect(seen.regions).toBe('0');
    expect(seen.items).toBe(1);
    expect(seen.hints).toMatch(/mark or text added/i);
    const [r, g, b] = seen.px;
    expect(r! < 100 && g! > 130 && b! > 200, `mark outline pixel ${seen.px}`).toBe(true);
    expect(seen.label).toMatch(/Mark or text added, outlined in blue dashes: \d+×\d+ @ \d+,\d+\./);
    expect(seen.legend).toBe('Dashed blue: mark or text added');
    // The report's rows carry the box too, as the saved record does.
    expect(await page.$eval('#evidence', (el) => el.textContent ?? '')).toMatch(/Mark or text added \(width×height @ x,y\)\d+×\d+ @ \d+,\d+/);
    // The saved report carries the box and verifies; the saved PNG has the dashed outline at the box's corner.
    await recordClicks(page);
    const saved = await saveReport(page, dir);
    const record = JSON.parse(readFileSync(join(dir, saved.name), 'utf8')) as { marks?: Array<{ x: number; y: number }>; regions: unknown[]; image: { png: { file: string } } };
    expect(record.marks).toHaveLength(1);
    expect(record.regions).toEqual([]);
    const { data, info } = await sharp(join(dir, record.image.png.file)).raw().toBuffer({ resolveWithObject: true });
    const at = ((record.marks![0]!.y + 1) * info.width + record.marks![0]!.x + 1) * info.channels;
    expect(data[at]! < 100 && data[at + 1]! > 130 && data[at + 2]! > 200, `saved PNG's mark outline ${[...data.subarray(at, at + 3)]}`).toBe(true);
    const { stdout } = await cli('evidence', 'verify', join(dir, saved.name), '--list', list);
    expect(stdout).toMatch(/the report checks out/);
    await page.close();
    await shop.close();
  });
});

describeInBrowsers(
  'compare page in Simplified Chinese',
  (kind, env) => {
    it('says the comparison and the report in Chinese, with the region outlined', { timeout: 180_000 }, async () => {
      const { session } = env();
      await enableDemo(session);
      const server = await startListServer();
      try {
        const copy = await redrawn('astronaut.jpg', 0.5, 0.1, patch, 92);
        server.routes.set('/copy.jpg', (_req, res) => void res.writeHead(200, { 'Content-Type': 'image/jpeg' }).end(copy));
        server.routes.set('/page.html', html('<img src="/copy.jpg" width="400">'));
        const shop = await session.browser.newPage();
        await shop.goto(`${server.origin}/page.html`);
        const tabId = await tabIdOf(session, `${server.origin}/page.html`);
        const report = await waitForScan(session, tabId, 1, 60_000, (r) => r.flagged.length === 1);
        const page = await openCompare(session, tabId, report.flagged[0]!.url, report.flagged[0]!.matches[0]!.workId, false);
        expect(await page.$eval('#title', (el) => el.textContent)).toBe('与登记作品对比');
        expect(await page.$eval('#report-h', (el) => el.textContent)).toBe('报告给创作者');
        expect(await page.$eval('#page-canvas', (el) => (el as HTMLElement).dataset.regions)).not.toBe('0');
        if (SHOTS && kind === 'chrome') await page.screenshot({ path: 'docs/img/compare-chrome-zh-CN.png', fullPage: true });
        await page.close();
        await shop.close();
      } finally {
        await server.close();
      }
    });
  },
  { locale: 'zh-CN' },
);
