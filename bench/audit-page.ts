/**
 * The URL audit on one local page of 200 images (part of `npm run bench:audit`; alone: `npx tsx bench/audit-page.ts`).
 * Kinds, in turn: <img src>, <img srcset>, lazy <img>, a CSS background, <picture>; 20 of them demo images (several
 * registered works, edited), 180 corpus works and distractors (JPEG and PNG). In one run:
 *   - loading the page in the same headless Chromium (no extension): goto, scroll through (as the audit does,
 *     page-audit.ts scrollThrough), every <img> done;
 *   - the audit: starting the browser with the extension and the demo list, then the page judged (audit-pages's path);
 *   - the extension as a subscriber has it (the launcher, list subscribed, the tab's report once the scan settles):
 *     the flagged images must be the same set, the checked and skipped counts the same.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join } from 'node:path';
import puppeteer from 'puppeteer-core';
import { EXECUTABLES, launch, tabIdOf, waitForScan } from '../scripts/lib/launch.js';
import { scrollThrough, startBrowserAudit } from '../src/cli/audit/url/page-audit.js';
import { SHARED_DIR } from './shared.js';

const root = new URL('../', import.meta.url).pathname;
const TYPES: Record<string, string> = { '.jpg': 'image/jpeg', '.png': 'image/png' };

function pageImages(): string[] {
  const demo = readdirSync(join(root, 'demo', 'images')).sort().map((f) => join(root, 'demo', 'images', f));
  const works = readdirSync(join(SHARED_DIR, 'corpus', 'works')).sort().slice(0, 60).map((f) => join(SHARED_DIR, 'corpus', 'works', f));
  const others = readdirSync(join(SHARED_DIR, 'corpus', 'distractors')).sort().filter((_, i) => i % 17 === 0).slice(0, 120).map((f) => join(SHARED_DIR, 'corpus', 'distractors', f));
  const files = [...Array.from({ length: 20 }, (_, i) => demo[i % demo.length]!), ...works, ...others];
  return files.slice(0, 200);
}

function pageHtml(n: number, ext: (i: number) => string): string {
  const tags = Array.from({ length: n }, (_, i) => {
    const u = `/img/${i}${ext(i)}`;
    const box = 'width:180px;height:135px;display:inline-block;margin:4px';
    switch (i % 5) {
      case 0: return `<img src="${u}" style="${box}" alt="">`;
      case 1: return `<img srcset="${u} 1x" style="${box}" alt="">`;
      case 2: return `<img loading="lazy" src="${u}" style="${box}" alt="">`;
      case 3: return `<div style="${box};background:url(${u}) center/cover"></div>`;
      default: return `<picture><source srcset="${u}"><img src="${u}" style="${box}" alt=""></picture>`;
    }
  });
  return `<!doctype html><html><head><meta charset="utf-8"><title>200 images</title></head><body>${tags.join('\n')}</body></html>`;
}

export async function pageBench(listText: string): Promise<Record<string, unknown>> {
  const files = pageImages();
  const server = createServer((req, res) => {
    const path = new URL(req.url!, 'http://x').pathname;
    if (path === '/') return void res.writeHead(200, { 'Content-Type': 'text/html' }).end(pageHtml(files.length, (i) => extname(files[i]!)));
    const m = /^\/img\/(\d+)\.\w+$/.exec(path);
    const f = m ? files[Number(m[1])] : undefined;
    if (!f) return void res.writeHead(404).end();
    res.writeHead(200, { 'Content-Type': TYPES[extname(f)] ?? 'application/octet-stream', 'Cache-Control': 'no-store' }).end(readFileSync(f));
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  const secs = (t0: number) => +((performance.now() - t0) / 1000).toFixed(2);
  try {
    // 1. Loading the page in the same headless Chromium, no extension.
    const plain = await puppeteer.launch({ executablePath: EXECUTABLES.chrome, headless: true, pipe: true, args: ['--no-sandbox', '--disable-gpu', '--no-first-run'] });
    let t0 = performance.now();
    const p = await plain.newPage();
    await p.goto(url, { waitUntil: 'load' });
    await scrollThrough(p);
    await p.evaluate(async () => {
      // As the audit waits (page-audit.ts): a lazy image that never started counts after 10 s.
      await Promise.all([...document.images].filter((i) => !i.complete).map((i) => new Promise((r) => { i.onload = i.onerror = r; setTimeout(r, 10_000); })));
    });
    const loadS = secs(t0);
    await plain.close();

    // 2. The audit: browser start with the extension and the list, then the page judged.
    t0 = performance.now();
    const audit = await startBrowserAudit([listText]);
    const startS = secs(t0);
    t0 = performance.now();
    const outcome = await audit.audit(url);
    const pageS = secs(t0);
    await audit.close();
    if (!outcome.report) throw new Error(`audit: ${outcome.error}`);

    // 3. The extension as a subscriber has it, on the same page.
    const s = await launch('chrome', { headless: true });
    let ref;
    try {
      await s.ext.evaluate((text: string) => chrome.runtime.sendMessage({ type: 'lists/subscribe-file', payload: { text } }), listText);
      const tab = await s.browser.newPage();
      await tab.goto(url, { waitUntil: 'load' });
      // Scrolled as the audit scrolls: a lazy image scrolled past before the browser rendered it never loads.
      await scrollThrough(tab);
      const r = outcome.report;
      ref = await waitForScan(s, await tabIdOf(s, url), r.checked + r.skipped, 180_000);
    } finally {
      await s.close();
    }
    const set = (r: typeof ref) => r.flagged.map((f) => f.url).sort().join('\n');
    const a = outcome.report;
    return {
      images: files.length,
      seconds: { pageLoad: loadS, auditBrowserStart: startS, auditPage: pageS },
      ratios: { auditPageVsLoad: +(pageS / loadS).toFixed(1), auditTotalVsLoad: +((startS + pageS) / loadS).toFixed(1) },
      audit: { checked: a.checked, skipped: a.skipped, flagged: a.flagged.length },
      extension: { checked: ref.checked, skipped: ref.skipped, flagged: ref.flagged.length },
      sameFlaggedSet: set(a) === set(ref),
    };
  } finally {
    server.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(await pageBench(readFileSync(join(root, 'public', 'demo-list.json'), 'utf8')), null, 2));
}
