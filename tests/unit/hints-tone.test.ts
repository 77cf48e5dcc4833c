import { readFileSync } from 'node:fs';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { Matcher } from '../../src/lib/match/matcher.js';
import { queryOf } from '../../src/lib/match/hash/query.js';
import { workFingerprints } from '../../src/lib/match/hash/work-fingerprints.js';
import { chromaChanged } from '../../src/lib/match/hints/chroma-compare.js';
import { decodeForHash, decodeFull, imageSizeOf } from '../../src/node/decode.js';
import type { Change, PixelBox, Work } from '../../src/lib/types.js';
import { CORPUS, corpusPresent } from './helpers/corpus-golden.js';

const img = (name: string) => new URL(`../../demo/images/${name}`, import.meta.url).pathname;
const model = { id: 'm', source: 'own' as const, creatorId: 'c', name: 'M', license: { personalUse: true, commercialUse: 'forbidden' as const, attributionRequired: false, derivativesAllowed: false }, licensees: [] };
const FILES = ['astronaut.jpg', 'chelsea.jpg', 'coffee.jpg', 'rocket.jpg', 'starry-night.jpg'];

/** Demo images on a plain 512x640 backdrop (bench:robustness's portraits: a figure on a plain colour), registered with size and chroma. */
const portraits = (async () => {
  const items: { id: string; src: Buffer }[] = [];
  for (const bg of ['#e9e4dc', '#7d9bb5', '#1d2430']) {
    for (const f of FILES) {
      const fig = await sharp(img(f)).resize(300, 420, { fit: 'fill' }).png().toBuffer();
      items.push({ id: `${bg} ${f}`, src: await sharp({ create: { width: 512, height: 640, channels: 3, background: bg } }).composite([{ input: fig, left: 106, top: 140 }]).png().toBuffer() });
    }
  }
  const works: Work[] = [];
  for (const it of items) {
    const p = workFingerprints(await decodeFull(it.src));
    works.push({ id: it.id, source: 'own', modelId: 'm', fingerprints: p.fingerprints, detail: p.detail, size: await imageSizeOf(it.src), chroma: p.chroma, addedAt: '' });
  }
  return { items, m: new Matcher({ creators: [], models: [model], works }) };
})();
const hintsOf = async (m: Matcher, id: string, bytes: Buffer) => m.match(queryOf(await decodeForHash(bytes), await imageSizeOf(bytes)), 'https://a.example/').find((x) => x.workId === id)?.hints;
const iou = (r: PixelBox, t: PixelBox) => {
  const inter = Math.max(0, Math.min(r.x + r.width, t.x + t.width) - Math.max(r.x, t.x)) * Math.max(0, Math.min(r.y + r.height, t.y + t.height) - Math.max(r.y, t.y));
  return inter / (r.width * r.height + t.width * t.height - inter);
};

describe('tone changes on portraits (hints/tone.ts)', () => {
  it('calls a contrast change of a portrait on a dark backdrop "colours changed", not "partly redrawn"', async () => {
    // The straight fit left the figure's clipped highlights as changed cells: "colours + partly redrawn" before.
    const { items, m } = await portraits;
    const it = items.find((x) => x.id === '#1d2430 astronaut.jpg')!;
    const b = await sharp(it.src).linear(1.2, -0.2 * 128).jpeg({ quality: 85 }).toBuffer();
    expect((await hintsOf(m, it.id, b))?.changes.map((c) => c.kind)).toEqual(['colours']);
  }, 120_000);

  it('still names a real redraw, and where, under a brightness change', async () => {
    // A tone curve fitted on every cell bent to the patch and explained it away (starry-night on the dark backdrop).
    const { items, m } = await portraits;
    const truth = { x: 176, y: 220, width: 160, height: 200 };
    const patch = `<svg xmlns="http://www.w3.org/2000/svg" width="160" height="200"><rect width="100%" height="100%" fill="rgb(60,160,90)"/><circle cx="80" cy="100" r="60" fill="rgb(230,40,60)"/></svg>`;
    const said: Record<string, boolean> = {};
    for (const it of items) {
      const redrawn = await sharp(it.src).composite([{ input: Buffer.from(patch), left: truth.x, top: truth.y }]).png().toBuffer();
      const b = await sharp(redrawn).modulate({ brightness: 1.2 }).jpeg({ quality: 85 }).toBuffer();
      const r = (await hintsOf(m, it.id, b))?.changes.find((c): c is Extract<Change, { kind: 'redrawn' }> => c.kind === 'redrawn');
      said[it.id] = !!r && Math.max(...r.regions.map((x) => iou(x, truth))) >= 0.5;
    }
    expect(said).toEqual(Object.fromEntries(items.map((it) => [it.id, true])));
  }, 300_000);
});

describe('saturation relative to the work\'s own chroma (hints/chroma-compare.ts)', () => {
  const shift = (saturation: number, workChroma: number, hue = 0) => ({ saturation, hue, workChroma });
  it('names x1.5 on colours near the gamut edge (measured 1.07-1.12) where the work\'s chroma is firm', () => {
    expect(chromaChanged(shift(1.09, 40))).toBe(true);
    expect(chromaChanged(shift(1 / 1.09, 40))).toBe(true);
    // Untouched, resized and recompressed copies of such works measured 0.95-1.04.
    expect(chromaChanged(shift(1.04, 40))).toBe(false);
    expect(chromaChanged(shift(0.955, 40))).toBe(false);
  });
  it('keeps the wider ratio next to a redrawn region (a patch leaves colour around it) and on weak chroma', () => {
    expect(chromaChanged(shift(1.14, 40), true)).toBe(false);
    expect(chromaChanged(shift(1.14, 10))).toBe(false);
  });
  it('judges a large saturation change on a nearly grey work (chroma 4-6), not the chroma a JPEG loses or the hue it turns', () => {
    expect(chromaChanged(shift(1.6, 4.4))).toBe(true);
    expect(chromaChanged(shift(0.49, 5))).toBe(true);
    expect(chromaChanged(shift(0.86, 5, -22.7))).toBe(false);
    expect(chromaChanged(shift(0.79, 5))).toBe(false);
    expect(chromaChanged(shift(2, 3))).toBe(false);
  });
});

describe('a partial match whose colours changed (hints.ts)', () => {
  const CI = process.env.CI === 'true';
  // The hash matched outside one rectangle only because the colours moved its bits; the aligned cells show no
  // change there. Before, that rectangle was reported as redrawn (robustness benchmark: w0023 x1.5, w0025 x0.5).
  it.skipIf(!corpusPresent() && !CI)('does not call the rectangle a partial match left out "redrawn" when only the colours changed', async () => {
    const works: Work[] = [];
    const src: Record<string, Buffer> = {};
    for (const id of ['w0023', 'w0025']) {
      src[id] = readFileSync(`${CORPUS}works/${id}.jpg`);
      const p = workFingerprints(await decodeFull(src[id]));
      works.push({ id, source: 'own', modelId: 'm', fingerprints: p.fingerprints, detail: p.detail, size: await imageSizeOf(src[id]), chroma: p.chroma, addedAt: '' });
    }
    const m = new Matcher({ creators: [], models: [model], works });
    for (const [id, saturation] of [['w0023', 1.5], ['w0025', 0.5]] as const) {
      const copy = await sharp(src[id]).modulate({ saturation }).jpeg({ quality: 85 }).toBuffer();
      const kinds = (await hintsOf(m, id, copy))?.changes.map((c: Change) => c.kind);
      expect(kinds, `${id} x${saturation}`).toEqual(['colours']);
    }
  });
});
