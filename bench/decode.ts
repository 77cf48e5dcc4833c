/**
 * `npm run bench:decode`: can a browser decode the corpus JPEGs at reduced size faster than the pipeline's
 * `createImageBitmap(blob, {resizeWidth: 256, resizeHeight: 256})`? In a plain page (no extension), in Chromium and
 * Firefox, over ../shared/corpus/works (up to 1600 px), one at a time and two at a time, the bytes already in
 * memory: full-size createImageBitmap, the pipeline's resized createImageBitmap + draw, and WebCodecs
 * `ImageDecoder` with and without `desiredWidth`/`desiredHeight` + draw. Also: the size ImageDecoder hands back,
 * and whether it carries EXIF orientation (a copy of a work re-tagged with orientation 6).
 * This decided issue 3's question of an offscreen decoder: see docs/benchmarks.md "Page scan".
 */
import { createServer } from 'node:http';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import puppeteer, { type Browser } from 'puppeteer-core';
import sharp from 'sharp';
import { EXECUTABLES } from '../scripts/lib/launch.js';
import { launchPlainChromium } from './lib/browser-metrics.js';
import { requireShared, SHARED_DIR } from './shared.js';

requireShared('bench:decode');
const dir = `${SHARED_DIR}corpus/works/`;
const files = readdirSync(dir).filter((f) => f.endsWith('.jpg')).sort();
const metas = await Promise.all(files.map(async (f) => ({ f, m: await sharp(dir + f).metadata() })));
const landscape = metas.find((x) => x.m.width! > x.m.height!)!.f;
const rotated = await sharp(readFileSync(dir + landscape)).withMetadata({ orientation: 6 }).jpeg().toBuffer();
const server = createServer((req, res) => {
  const name = decodeURIComponent((req.url ?? '/').slice(1));
  if (name === '') return res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>decode</title>');
  const body = name === 'rotated.jpg' ? rotated : files.includes(name) ? readFileSync(dir + name) : undefined;
  if (!body) return res.writeHead(404).end();
  res.writeHead(200, { 'content-type': 'image/jpeg' }).end(body);
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const origin = `http://127.0.0.1:${(server.address() as { port: number }).port}`;

async function measure(browser: Browser) {
  const page = await browser.newPage();
  await page.goto(`${origin}/`);
  await page.addScriptTag({ content: 'window.__name = (f) => f;' }); // tsx keepNames wraps inner functions
  return page.evaluate(async (names: string[]) => {
    const S = 256;
    const buffers = await Promise.all(names.map(async (n) => (await fetch(`/${n}`)).arrayBuffer()));
    const blobs = buffers.map((b) => new Blob([b]));
    const draw = (src: CanvasImageSource) => {
      const ctx = new OffscreenCanvas(S, S).getContext('2d')!;
      ctx.drawImage(src, 0, 0, S, S);
      return ctx.getImageData(0, 0, S, S).data;
    };
    const hasDecoder = typeof ImageDecoder !== 'undefined';
    const decode = async (data: ArrayBuffer, desired: boolean) => {
      const d = new ImageDecoder({ data, type: 'image/jpeg', ...(desired ? { desiredWidth: S, desiredHeight: S } : {}) });
      const { image } = await d.decode();
      const info = { coded: [image.codedWidth, image.codedHeight], display: [image.displayWidth, image.displayHeight], rotation: (image as unknown as { rotation?: number }).rotation };
      draw(image);
      image.close();
      d.close();
      return info;
    };
    const ways: Record<string, (i: number) => Promise<unknown>> = {
      fullBitmap: async (i) => (await createImageBitmap(blobs[i]!)).close(),
      pipelineResizedBitmap: async (i) => {
        const b = await createImageBitmap(blobs[i]!, { resizeWidth: S, resizeHeight: S, resizeQuality: 'high', imageOrientation: 'from-image' });
        draw(b);
        b.close();
      },
      ...(hasDecoder ? { imageDecoderDesired: (i: number) => decode(buffers[i]!, true), imageDecoderFull: (i: number) => decode(buffers[i]!, false) } : {}),
    };
    const ms: Record<string, number> = {};
    for (const way of Object.values(ways)) await way(0); // warm-up
    for (const concurrency of [1, 2]) {
      for (const [name, way] of Object.entries(ways)) {
        let next = 0;
        const t0 = performance.now();
        await Promise.all(Array.from({ length: concurrency }, async () => { while (next < names.length) await way(next++); }));
        ms[`${name}@${concurrency}`] = Math.round(performance.now() - t0);
      }
    }
    const largest = names.reduce((a, _, i) => (buffers[i]!.byteLength > buffers[a]!.byteLength ? i : a), 0);
    const sizes = hasDecoder ? { largestFile: await decode(buffers[largest]!, true), rotated: await decode(await (await fetch('/rotated.jpg')).arrayBuffer(), true) } : undefined;
    return { hasImageDecoder: hasDecoder, ms, sizes };
  }, files);
}

const out: Record<string, unknown> = { date: new Date().toISOString(), images: files.length, rotatedSource: landscape };
try {
  for (const kind of ['chrome', 'firefox'] as const) {
    const browser = kind === 'chrome' ? await launchPlainChromium() : await puppeteer.launch({ browser: 'firefox', executablePath: EXECUTABLES.firefox, headless: true });
    try {
      const r = await measure(browser);
      out[kind] = { version: await browser.version(), ...r };
      const base = r.ms['pipelineResizedBitmap@1']!;
      const line = Object.entries(r.ms).map(([k, v]) => `${k} ${v} ms (${(base / v).toFixed(2)}x)`).join(', ');
      console.log(`${kind}: ${files.length} JPEGs, vs the pipeline's resized createImageBitmap one at a time: ${line}`);
      if (r.sizes) console.log(`  ImageDecoder with desiredWidth 256: ${JSON.stringify(r.sizes)}`);
    } finally {
      await browser.close();
    }
  }
  writeFileSync(new URL('results/decode.json', import.meta.url), `${JSON.stringify(out, null, 2)}\n`);
} finally {
  server.close();
}
