/**
 * The library's browser example (examples/browser-check/) in Chromium: the browser face (src/core/browser.ts) is
 * built from the current sources as `npm run build:cli` builds it, the example is served over http as its page says,
 * and a user's steps are played: a signed list, then a registered image (flagged, with its verdict) and an
 * unregistered one (clear), each read from what the page shows. A broken example or face fails it.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, resolve } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { describeInBrowsers } from './setup.js';

const ROOT = resolve('.');
const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript' };
let server: Server;
let base = '';

beforeAll(async () => {
  // The face the example imports (../../dist-core/browser.mjs), built into a temporary folder from today's sources.
  const core = mkdtempSync(join(tmpdir(), 'll-core-'));
  execFileSync(process.execPath, [join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '-c', 'vite.cli.config.ts', '--logLevel', 'warn', '--outDir', core], {
    env: { ...process.env, LL_CORE: 'browser' },
    stdio: 'inherit',
  });
  server = createServer((req, res) => {
    const path = new URL(req.url!, 'http://x').pathname;
    const file = path === '/dist-core/browser.mjs' ? join(core, 'browser.mjs') : path.startsWith('/examples/browser-check/') ? join(ROOT, path.endsWith('/') ? `${path}index.html` : path) : '';
    if (!file || !file.startsWith(ROOT) && !file.startsWith(core) || !existsSync(file)) return void res.writeHead(404).end();
    res.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(readFileSync(file));
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}, 300_000);
afterAll(() => server?.close());

const shown = (page: Page) => page.$$eval('#out li', (lis) => lis.map((li) => `${li.className}|${li.textContent}`));

async function give(page: Page, input: string, file: string, count: number): Promise<string> {
  const el = await page.$(input);
  await (el as unknown as { uploadFile(p: string): Promise<void> }).uploadFile(file);
  await expect.poll(async () => (await shown(page)).length, { timeout: 30_000, interval: 100 }).toBeGreaterThanOrEqual(count);
  return (await shown(page))[count - 1]!;
}

describeInBrowsers(
  'library example in a browser',
  (_kind, env) => {
    it('loads a signed list, flags a registered image as unlicensed and finds nothing in an unregistered one', async () => {
      const page = await env().session.browser.newPage();
      try {
        const errors: string[] = [];
        page.on('pageerror', (e) => errors.push(String(e)));
        await page.goto(`${base}/examples/browser-check/`, { waitUntil: 'load' });
        expect(await give(page, '#list', join(ROOT, 'public/demo-list.json'), 1)).toMatch(/^\|List loaded: /);
        // An edited copy of a registered work (the demo list's astronaut): the extension's verdict for no site.
        expect(await give(page, '#image', join(ROOT, 'demo/images/astronaut-altered.jpg'), 2)).toMatch(/^unlicensed\|astronaut-altered\.jpg: .+ by Lin Yue \(demo creator\): unlicensed/);
        expect(await give(page, '#image', join(ROOT, 'demo/images/coffee.jpg'), 3)).toBe('|coffee.jpg: no registered work matches. Go ahead and edit it.');
        expect(errors).toEqual([]);
      } finally {
        await page.close();
      }
    });
  },
  { browsers: ['chrome'] },
);
