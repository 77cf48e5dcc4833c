/**
 * bench:query's Chromium half: the baseline's queryOf and this tree's, each bundled by esbuild as the extension's
 * build would, run in a plain headless Chromium page on the same 256x256 pixels handed as ImageData gives them
 * (Uint8ClampedArray). Rounds alternate; wall time of the page's main thread per image (nothing else runs there).
 */
import { build } from 'esbuild';
import type { RgbaPixels } from '../../src/lib/match/index.js';
import { launchPlainChromium } from './browser-metrics.js';

async function bundle(entry: string, name: string): Promise<string> {
  const out = await build({ entryPoints: [entry], bundle: true, format: 'iife', globalName: name, write: false, platform: 'browser', target: 'es2022', logLevel: 'silent' });
  return out.outputFiles[0]!.text;
}

export interface BrowserQueryAB {
  base: number[];
  this: number[];
  identical: number;
  images: number;
}

export async function browserQueryAB(baseEntry: string, thisEntry: string, images: RgbaPixels[], rounds: number): Promise<BrowserQueryAB> {
  const browser = await launchPlainChromium();
  try {
    const page = await browser.newPage();
    await page.goto('about:blank');
    await page.addScriptTag({ content: 'window.__name = (f) => f;' }); // tsx keepNames wraps inner functions
    await page.addScriptTag({ content: await bundle(baseEntry, 'QueryBase') });
    await page.addScriptTag({ content: await bundle(thisEntry, 'QueryThis') });
    const encoded = images.map((px) => Buffer.from(px.data.buffer, px.data.byteOffset, px.data.length).toString('base64'));
    return await page.evaluate(
      (b64: string[], rounds: number) => {
        type Q = (px: { width: number; height: number; data: Uint8ClampedArray }) => unknown;
        const w = window as unknown as { QueryBase: { queryOf: Q }; QueryThis: { queryOf: Q } };
        const pixels = b64.map((s) => {
          const bin = atob(s);
          const data = new Uint8ClampedArray(bin.length);
          for (let i = 0; i < bin.length; i++) data[i] = bin.charCodeAt(i);
          return { width: 256, height: 256, data };
        });
        let identical = 0;
        for (const px of pixels) if (JSON.stringify(w.QueryBase.queryOf(px)) === JSON.stringify(w.QueryThis.queryOf(px))) identical++;
        const pass = (q: Q) => {
          const t0 = performance.now();
          for (const px of pixels) q(px);
          return (performance.now() - t0) / pixels.length;
        };
        pass(w.QueryBase.queryOf);
        pass(w.QueryThis.queryOf);
        const out = { base: [] as number[], this: [] as number[], identical, images: pixels.length };
        for (let r = 0; r < rounds; r++) {
          out.base.push(pass(w.QueryBase.queryOf));
          out.this.push(pass(w.QueryThis.queryOf));
        }
        return out;
      },
      encoded,
      rounds,
    );
  } finally {
    await browser.close();
  }
}
