/**
 * Two local HTTP servers for the demo, the end-to-end tests and the benchmarks: one serves the pages, the other
 * the images, so images are cross-origin, as on real sites (the page server also serves /images/ for same-origin
 * cases). Pages may use {{IMAGE_ORIGIN}}, {{PAGE_ORIGIN}} and {{DATA_URL:name}}. Routes on both servers:
 *   /images/<demo file>          demo images (any query: one file under many URLs)
 *   /slow/<demo file>            the same, but every request after the first waits 3 s (worker-stop test)
 *   /delayed/<demo file>         the same, but the page's own request (not a script's fetch) waits 1.5 s
 *   /corpus/<set>/<file>         ../shared/corpus, for the benchmarks
 *   /rotated/chelsea.jpg         pixels stored turned, EXIF orientation turning them back
 *   /hotlink/<demo file>         403 unless the Referer is the page server (hotlink protection)
 *   /tiny.png                    8x8 icon
 *   /bad/...                     a 404, HTML served as image/png, a truncated JPEG, a decompression bomb, a
 *                                response that never finishes, one whose connection drops midway
 *   /fixtures/<page>.html        tests/fixtures/pages;  /gen/tiny.html?n=, /gen/bench.html,
 *                                /gen/scroll.html?n=&first=&tag= (infinite scroll): generated pages
 */
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchLayout, benchPage, scrollPage, tinyImagesPage } from './lib/generated-pages.js';
import { testImages } from './lib/test-images.js';

const DEMO_DIR = fileURLToPath(new URL('../demo/', import.meta.url));
const FIXTURE_DIR = fileURLToPath(new URL('../tests/fixtures/pages/', import.meta.url));
const CORPUS_DIR = fileURLToPath(new URL('../../shared/corpus/', import.meta.url));
const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.jpg': 'image/jpeg', '.png': 'image/png', '.webp': 'image/webp', '.gif': 'image/gif', '.svg': 'image/svg+xml' };

const SLOW_MS = 3000;
const DELAYED_MS = 1500;

export interface DemoServers {
  pageOrigin: string;
  imageOrigin: string;
  /** Every path the image server was asked for, in order (tests check what the extension fetched). */
  imageRequests: string[];
  /** Paths fetched by script rather than by an element (Sec-Fetch-Dest: empty): the extension's own fetches. */
  scriptFetches: string[];
  /** Paths refused by the hotlink protection (requests without the page server as Referer). */
  refused: string[];
  /** Every path the page server was asked for, in order. */
  pageRequests: string[];
  close(): Promise<void>;
}

export interface DemoServerOptions {
  pagePort?: number;
  imagePort?: number;
  /** Corpus files (`works/x.jpg`) for /gen/bench.html. */
  benchFiles?: string[];
  benchCount?: number;
}

function safePath(urlPath: string, root: string): string | undefined {
  const p = normalize(join(root, decodeURIComponent(urlPath)));
  return p.startsWith(root) ? p : undefined;
}

async function inlineDataUrls(html: string): Promise<string> {
  let out = html;
  for (const [token, name] of html.matchAll(/\{\{DATA_URL:([\w.-]+)\}\}/g)) {
    const file = safePath(`/${name}`, join(DEMO_DIR, 'images'));
    if (!file) continue;
    out = out.replaceAll(token, `data:${TYPES[extname(file)] ?? 'application/octet-stream'};base64,${(await readFile(file)).toString('base64')}`);
  }
  return out;
}

async function listen(server: Server, port: number): Promise<string> {
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

export async function startDemoServers(opts: DemoServerOptions = {}): Promise<DemoServers> {
  const imageRequests: string[] = [];
  const pageRequests: string[] = [];
  const refused: string[] = [];
  const scriptFetches: string[] = [];
  const hanging = new Set<ServerResponse>();
  const made = await testImages(DEMO_DIR);
  const origins = { page: '', image: '' };

  // {{DATA_URL:name}} names a generated test image (scripts/lib/test-images.ts); {{DATA_URL:file.ext}} a demo image file.
  const fill = (html: string) =>
    inlineDataUrls(
      html
        .replaceAll('{{IMAGE_ORIGIN}}', origins.image)
        .replaceAll('{{PAGE_ORIGIN}}', origins.page)
        .replace(/\{\{DATA_URL:([\w-]+)\}\}/g, (_, name: string) => made.dataUrls[name] ?? ''),
    );

  const send = (res: ServerResponse, status: number, type: string, body: string | Buffer) =>
    void res.writeHead(status, { 'Content-Type': type }).end(body);

  async function handle(req: IncomingMessage, res: ServerResponse, isPageServer: boolean): Promise<void> {
    const [path, query = ''] = (req.url ?? '/').split('?') as [string, string?];
    res.setHeader('Cache-Control', 'public, max-age=3600');
    res.setHeader('Access-Control-Allow-Origin', '*');
    if (path === '/bad/not-an-image.png') return send(res, 200, 'image/png', '<html><body>not an image</body></html>');
    if (path === '/bad/never-finishes.jpg') {
      res.writeHead(200, { 'Content-Type': 'image/jpeg' });
      res.write(Buffer.from([0xff, 0xd8, 0xff]));
      hanging.add(res);
      return;
    }
    // Half of a large JPEG, then the connection is dropped: a response aborted midway (page-response test).
    if (path === '/bad/aborted.jpg') {
      const full = await readFile(join(DEMO_DIR, 'images/starry-night.jpg'));
      res.writeHead(200, { 'Content-Type': 'image/jpeg', 'Content-Length': String(full.length) });
      res.write(full.subarray(0, full.length >> 1));
      return void setTimeout(() => res.destroy(), 200);
    }
    if (path === '/bad/truncated.jpg') {
      const full = await readFile(join(DEMO_DIR, 'images/coffee.jpg'));
      return send(res, 200, 'image/jpeg', full.subarray(0, full.length >> 2));
    }
    // /slow/<image>: the first request (the page's own) is answered at once, every later one (the extension's
    // fetch) after SLOW_MS, so a test can act while the background is mid-scan (tests/e2e/worker-stop.e2e.test.ts).
    if (!isPageServer && path.startsWith('/slow/')) {
      const n = imageRequests.filter((p) => p === req.url).length;
      if (n > 1) await new Promise((r) => setTimeout(r, SLOW_MS));
    }
    // /delayed/<image>: the page's own request (an element's, Sec-Fetch-Dest: image) waits DELAYED_MS, the
    // extension's fetch does not: images still loading in the page when the scan walks it (visible-first test).
    if (!isPageServer && path.startsWith('/delayed/') && req.headers['sec-fetch-dest'] !== 'empty') await new Promise((r) => setTimeout(r, DELAYED_MS));
    if (path === '/bad/bomb.png') return send(res, 200, 'image/png', made.bomb);
    if (path === '/tiny.png') return send(res, 200, 'image/png', made.tiny);
    if (path === '/rotated/chelsea.jpg') return send(res, 200, 'image/jpeg', made.exifRotated);
    if (path === '/made/astronaut-redrawn.jpg') return send(res, 200, 'image/jpeg', made.redrawn);
    if (path === '/made/chelsea-recoloured.jpg') return send(res, 200, 'image/jpeg', made.recoloured);
    if (path === '/made/astronaut-marked.jpg') return send(res, 200, 'image/jpeg', made.marked);
    if (path.startsWith('/hotlink/') && !(req.headers.referer ?? '').startsWith(`${origins.page}/`)) {
      refused.push(req.url ?? path);
      return send(res, 403, 'text/plain', 'hotlinking refused');
    }
    if (path.startsWith('/gen/tiny.html')) return send(res, 200, TYPES['.html']!, tinyImagesPage(origins.image, Number(new URLSearchParams(query).get('n') ?? 5000)));
    if (path === '/gen/scroll.html') return send(res, 200, TYPES['.html']!, scrollPage(origins.image, new URLSearchParams(query)));
    if (path === '/gen/bench.html') return send(res, 200, TYPES['.html']!, benchPage(origins.page, origins.image, benchLayout(opts.benchFiles ?? [], opts.benchCount)));
    let file: string | undefined;
    if (/^\/(images|hotlink|slow|delayed)\//.test(path)) file = safePath(path.slice(path.indexOf('/', 1)), join(DEMO_DIR, 'images'));
    else if (path.startsWith('/corpus/')) file = safePath(path.slice('/corpus'.length), CORPUS_DIR);
    else if (path.startsWith('/fixtures/')) file = safePath(path.slice('/fixtures'.length), FIXTURE_DIR);
    else if (isPageServer && (path === '/' || path.endsWith('.html'))) file = safePath(path === '/' ? '/index.html' : path, DEMO_DIR);
    try {
      if (!file) throw new Error('not found');
      if (file.endsWith('.html')) return send(res, 200, TYPES['.html']!, await fill(await readFile(file, 'utf8')));
      send(res, 200, TYPES[extname(file)] ?? 'application/octet-stream', await readFile(file));
    } catch {
      send(res, 404, 'text/plain', 'not found');
    }
  }

  const images = createServer((req, res) => {
    imageRequests.push(req.url ?? '/');
    if (req.headers['sec-fetch-dest'] === 'empty') scriptFetches.push(req.url ?? '/');
    void handle(req, res, false);
  });
  const pages = createServer((req, res) => {
    pageRequests.push(req.url ?? '/');
    void handle(req, res, true);
  });
  origins.image = await listen(images, opts.imagePort ?? 0);
  origins.page = await listen(pages, opts.pagePort ?? 0);
  return {
    pageOrigin: origins.page,
    imageOrigin: origins.image,
    imageRequests,
    refused,
    scriptFetches,
    pageRequests,
    async close() {
      for (const r of hanging) r.destroy();
      images.closeAllConnections();
      pages.closeAllConnections();
      await Promise.all([new Promise((r) => images.close(r)), new Promise((r) => pages.close(r))]);
    },
  };
}
