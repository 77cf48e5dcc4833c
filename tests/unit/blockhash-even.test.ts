import { readdirSync } from 'node:fs';
import { bmvbhash } from 'blockhash-core';
import { describe, expect, it } from 'vitest';
import { blockhashEven } from '../../src/lib/match/hash/blockhash-even.js';
import { reduceRegion } from '../../src/lib/match/hash/fingerprint.js';
import { decodeForHash, decodeFull } from '../../src/node/decode.js';
import { corpusPresent, CORPUS } from './helpers/corpus-golden.js';

const CI = process.env.CI === 'true';
const library = (width: number, height: number, data: Uint8Array) => bmvbhash({ width, height, data }, 16);

/** A deterministic pseudo-random generator, so a failure names a reproducible image. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

/** Images that stress the median and its tie rule: noise, few levels (many blocks at the median), flat, transparent. */
function synthetic(seed: number, width: number, height: number): Uint8Array {
  const r = rng(seed);
  const levels = [0, 1, 2, 3, 256][seed % 5]!;
  const flat = Math.floor(r() * 256);
  const data = new Uint8Array(width * height * 4);
  for (let i = 0; i < data.length; i += 4) {
    const v = () => (levels === 0 ? flat : levels === 256 ? Math.floor(r() * 256) : Math.floor(r() * levels) * Math.floor(255 / levels));
    data[i] = v();
    data[i + 1] = v();
    data[i + 2] = v();
    data[i + 3] = seed % 3 === 0 ? (r() < 0.3 ? 0 : 255) : seed % 3 === 1 ? Math.floor(r() * 256) : 255;
  }
  return data;
}

describe('blockhashEven (local bmvbhashEven)', () => {
  it('gives blockhash-core bit for bit on synthetic images of sides divisible by 16', () => {
    const sizes: Array<[number, number]> = [[16, 16], [256, 256], [32, 48], [64, 16], [160, 96]];
    let n = 0;
    for (let seed = 0; seed < 300; seed++) {
      const [w, h] = sizes[seed % sizes.length]!;
      const data = synthetic(seed, w, h);
      expect(blockhashEven(w, h, data), `seed ${seed} ${w}x${h}`).toBe(library(w, h, data));
      n++;
    }
    expect(n).toBe(300);
  });

  it('gives blockhash-core bit for bit on the demo images, reduced and cropped as queries are', async () => {
    const dir = new URL('../../demo/images/', import.meta.url).pathname;
    const files = readdirSync(dir).filter((f) => /\.(jpe?g|png|webp)$/.test(f));
    expect(files.length).toBeGreaterThan(3);
    for (const f of files) {
      const px = await decodeForHash(`${dir}${f}`);
      const data = new Uint8Array(px.data.buffer, px.data.byteOffset, px.data.length);
      expect(blockhashEven(256, 256, data), f).toBe(library(256, 256, data));
      const inner = reduceRegion(px, { x: 20, y: 7, width: 200, height: 180 });
      const bytes = new Uint8Array(inner.data.buffer);
      expect(blockhashEven(256, 256, bytes), `${f} cropped`).toBe(library(256, 256, bytes));
    }
  });

  describe.skipIf(!corpusPresent() && !CI)('on the corpus', () => {
    it('gives blockhash-core bit for bit on 200 corpus images at 256x256 and on 20 at full size', async () => {
      const files = ['works', 'distractors'].flatMap((d) => readdirSync(`${CORPUS}${d}`).map((f) => `${CORPUS}${d}/${f}`)).sort();
      const sample = files.filter((_, i) => i % Math.floor(files.length / 200) === 0).slice(0, 200);
      let full = 0;
      for (const [i, f] of sample.entries()) {
        const px = await decodeForHash(f);
        const data = new Uint8Array(px.data.buffer, px.data.byteOffset, px.data.length);
        expect(blockhashEven(256, 256, data), f).toBe(library(256, 256, data));
        if (i % 10 === 0) {
          // Full size, cut to the largest sides divisible by 16.
          const big = await decodeFull(f);
          const w = big.width - (big.width % 16);
          const h = big.height - (big.height % 16);
          const bytes = new Uint8Array(w * h * 4);
          for (let y = 0; y < h; y++) bytes.set(big.data.subarray(y * big.width * 4, (y * big.width + w) * 4), y * w * 4);
          expect(blockhashEven(w, h, bytes), `${f} full size`).toBe(library(w, h, bytes));
          full++;
        }
      }
      expect(sample.length).toBe(200);
      expect(full).toBe(20);
    }, 120_000);
  });
});
