/**
 * Two local HTTP servers for the demo and the end-to-end tests: one serves the pages, the other the images, so
 * every image is cross-origin, as on real sites. Pages may use {{IMAGE_ORIGIN}}; the image server also has
 * deliberately bad routes (a 404, HTML served as image/png, a truncated JPEG, a server that never answers).
 */
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';

const DEMO_DIR = fileURLToPath(new URL('../demo/', import.meta.url));
const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.jpg': 'image/jpeg', '.png': 'image/png', '.webp': 'image/webp', '.gif': 'image/gif', '.svg': 'image/svg+xml' };

const SLOW_MS = 3000;

export interface DemoServers {
  pageOrigin: string;
  imageOrigin: string;
  /** Every path the image server was asked for, in order (tests check what the extension fetched). */
  imageRequests: string[];
  /** Every path the page server was asked for, in order. */
  pageRequests: string[];
  close(): Promise<void>;
}

function safePath(urlPath: string, root: string): string | undefined {
  const p = normalize(join(root, decodeURIComponent(urlPath.split('?')[0]!)));
  return p.startsWith(root) ? p : undefined;
}

async function listen(server: Server, port: number): Promise<string> {
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

export async function startDemoServers(opts: { pagePort?: number; imagePort?: number } = {}): Promise<DemoServers> {
  const imageRequests: string[] = [];
  const pageRequests: string[] = [];
  const hanging = new Set<import('node:http').ServerResponse>();
  const images = createServer(async (req, res) => {
    const path = req.url ?? '/';
    imageRequests.push(path);
    res.setHeader('Cache-Control', 'public, max-age=3600');
    if (path.startsWith('/bad/not-an-image.png')) return void res.writeHead(200, { 'Content-Type': 'image/png' }).end('<html><body>not an image</body></html>');
    if (path.startsWith('/bad/never-finishes.jpg')) {
      res.writeHead(200, { 'Content-Type': 'image/jpeg' });
      res.write(Buffer.from([0xff, 0xd8, 0xff]));
      hanging.add(res);
      return;
    }
    if (path.startsWith('/bad/truncated.jpg')) {
      const full = await readFile(join(DEMO_DIR, 'images/coffee.jpg'));
      return void res.writeHead(200, { 'Content-Type': 'image/jpeg' }).end(full.subarray(0, full.length >> 2));
    }
    // /slow/<image>: the first request (the page's own) is answered at once, every later one (the extension's
    // fetch) after SLOW_MS, so a test can act while the background is mid-scan (tests/e2e/worker-stop.e2e.test.ts).
    if (path.startsWith('/slow/')) {
      const n = imageRequests.filter((p) => p === path).length;
      if (n > 1) await new Promise((r) => setTimeout(r, SLOW_MS));
    }
    const dir = path.startsWith('/images/') ? '/images' : path.startsWith('/slow/') ? '/slow' : undefined;
    const file = dir ? safePath(path.slice(dir.length), join(DEMO_DIR, 'images')) : undefined;
    try {
      if (!file) throw new Error('not found');
      const body = await readFile(file);
      res.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(body);
    } catch {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
    }
  });
  const imageOrigin = await listen(images, opts.imagePort ?? 0);
  const pages = createServer(async (req, res) => {
    pageRequests.push(req.url ?? '/');
    const path = (req.url ?? '/').split('?')[0]!;
    const file = safePath(path === '/' ? '/index.html' : path, DEMO_DIR);
    try {
      if (!file || !file.endsWith('.html')) throw new Error('not found');
      const body = (await readFile(file, 'utf8')).replaceAll('{{IMAGE_ORIGIN}}', imageOrigin);
      res.writeHead(200, { 'Content-Type': TYPES['.html']! }).end(body);
    } catch {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
    }
  });
  const pageOrigin = await listen(pages, opts.pagePort ?? 0);
  return {
    pageOrigin,
    imageOrigin,
    imageRequests,
    pageRequests,
    async close() {
      for (const r of hanging) r.destroy();
      images.closeAllConnections();
      pages.closeAllConnections();
      await Promise.all([new Promise((r) => images.close(r)), new Promise((r) => pages.close(r))]);
    },
  };
}
