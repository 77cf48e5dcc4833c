import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { Matcher } from '../../src/lib/match/matcher.js';
import { queryOf } from '../../src/lib/match/hash/query.js';
import { workFingerprints } from '../../src/lib/match/hash/work-fingerprints.js';
import { decodeForHash, decodeFull, imageSizeOf } from '../../src/node/decode.js';
import type { Change, RegistryContent, WorkMatch } from '../../src/lib/types.js';
import { PLAIN, portrait, RADIAL } from './helpers/portrait.js';
import { turnedOn } from './helpers/turned.js';

const img = (name: string) => new URL(`../../demo/images/${name}`, import.meta.url).pathname;
const model = { id: 'm', source: 'own' as const, creatorId: 'c', name: 'M', license: { personalUse: true, commercialUse: 'forbidden' as const, attributionRequired: false, derivativesAllowed: false }, licensees: [] };
/** Registering crops takes about 1 s per work on a loaded machine. */
const SLOW = 90_000;

async function registry(files: string[]): Promise<RegistryContent> {
  const works = [];
  for (const f of files) {
    const p = workFingerprints(await decodeFull(img(f)));
    works.push({ id: f, source: 'own' as const, modelId: 'm', fingerprints: p.fingerprints, detail: p.detail, size: await imageSizeOf(img(f)), addedAt: '' });
  }
  return { creators: [{ id: 'c', source: 'own', name: 'C' }], models: [model], works };
}

/** The work on a canvas it fills `area` of (both sides grown alike), at `at` (0-1 of the free room), the rest a blurred stretched copy. */
async function outpainted(file: string, area: number, at: [number, number]): Promise<{ bytes: Buffer; box: number[] }> {
  const { width: w, height: h } = await sharp(img(file)).metadata();
  const W = Math.round(w! / Math.sqrt(area));
  const H = Math.round(h! / Math.sqrt(area));
  const left = Math.round(at[0] * (W - w!));
  const top = Math.round(at[1] * (H - h!));
  const bg = await sharp(img(file)).resize(W, H, { fit: 'fill' }).blur(16).png().toBuffer();
  const bytes = await sharp(bg).composite([{ input: img(file), left, top }]).jpeg({ quality: 85 }).toBuffer();
  return { bytes, box: [left / W, top / H, w! / W, h! / H] };
}

const rotated = (file: string, deg: number, fill: string) => turnedOn(img(file), deg, fill);

/**
 * A work (bytes) on a canvas it fills `area` of, grown along `axis` only, at `at` (0-1 of the free room), the rest a
 * diagonal gradient from `from` to a light grey, as bench/lib/geometry-variants.ts outpaints.
 */
async function outpaintedOnGradient(work: Buffer, area: number, axis: 'x' | 'y', at: number, from: string): Promise<{ bytes: Buffer; box: number[] }> {
  const { width: w, height: h } = await sharp(work).metadata();
  const [W, H] = axis === 'x' ? [Math.round(w! / area), h!] : [w!, Math.round(h! / area)];
  const [left, top] = axis === 'x' ? [Math.round(at * (W - w!)), 0] : [0, Math.round(at * (H - h!))];
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}"><defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="${from}"/><stop offset="1" stop-color="#f2efe8"/></linearGradient></defs><rect width="100%" height="100%" fill="url(#g)"/></svg>`;
  const bytes = await sharp(Buffer.from(svg)).composite([{ input: work, left, top }]).jpeg({ quality: 85 }).toBuffer();
  return { bytes, box: [left / W, top / H, w! / W, h! / H] };
}

const lookup = async (m: Matcher, bytes: Buffer): Promise<WorkMatch[]> => m.match(queryOf(await decodeForHash(bytes), await imageSizeOf(bytes)), 'https://a.example/');
const only = (c: Change[] | undefined, kind: Change['kind']) => c?.find((x) => x.kind === kind);

describe('outpainted and rotated copies (issue 22 item 4)', () => {
  it('finds a work that fills 60% of a larger image, says "extended" and where it sits', async () => {
    const m = new Matcher(await registry(['chelsea.jpg', 'coffee.jpg']));
    for (const at of [[0, 0], [1, 0.5], [0.4, 1]] as [number, number][]) {
      const { bytes, box } = await outpainted('chelsea.jpg', 0.6, at);
      const found = await lookup(m, bytes);
      expect(found.map((h) => h.workId)).toEqual(['chelsea.jpg']);
      const ext = only(found[0]!.hints?.changes, 'extended');
      expect(ext).toBeDefined();
      if (ext?.kind !== 'extended') continue;
      const { size } = found[0]!.hints!;
      const got = [ext.placement.x / size.width, ext.placement.y / size.height, ext.placement.width / size.width, ext.placement.height / size.height];
      for (const [i, v] of got.entries()) expect(Math.abs(v - box[i]!)).toBeLessThan(0.08);
    }
  }, SLOW);

  it('finds outpainted portraits on a plain backdrop and on a gradient, and where they sit, within 3% of each side', async () => {
    // The detail box runs to the seam between the work's backdrop and the fill, not to the figure the work's own box
    // holds, and the two boxes' framing fails; the placement search over the whole page image finds the work.
    const works = { plain: await portrait('astronaut.jpg', PLAIN, 0.5, 0.65), radial: await portrait('chelsea.jpg', RADIAL, 0.5, 0.65), radial2: await portrait('coffee.jpg', RADIAL, 0.5, 0.65) };
    const content: RegistryContent = { creators: [{ id: 'c', source: 'own', name: 'C' }], models: [model], works: [] };
    for (const [id, bytes] of Object.entries(works)) {
      const p = workFingerprints(await decodeFull(bytes));
      content.works.push({ id, source: 'own', modelId: 'm', fingerprints: p.fingerprints, detail: p.detail, size: await imageSizeOf(bytes), addedAt: '' });
    }
    const m = new Matcher(content);
    const cases = [['plain', 0.65, 'y', 1, '#1d2430'], ['radial', 0.5, 'x', 0.4, '#47607a'], ['radial2', 0.5, 'x', 0.4, '#47607a']] as const;
    for (const [id, area, axis, at, from] of cases) {
      const { bytes, box } = await outpaintedOnGradient(works[id], area, axis, at, from);
      const found = await lookup(m, bytes);
      expect(found.map((h) => h.workId), `${id} ${area} ${axis}`).toEqual([id]);
      const ext = only(found[0]!.hints?.changes, 'extended');
      expect(ext?.kind).toBe('extended');
      if (ext?.kind !== 'extended') continue;
      const { size } = found[0]!.hints!;
      const got = [ext.placement.x / size.width, ext.placement.y / size.height, ext.placement.width / size.width, ext.placement.height / size.height];
      for (const [i, v] of got.entries()) expect(Math.abs(v - box[i]!), `${id} ${area} ${axis}: ${got.map((x) => x.toFixed(3)).join(',')} vs ${box.map((x) => x.toFixed(3)).join(',')}`).toBeLessThan(0.03);
    }
  }, SLOW);

  it('finds copies rotated by 2 and 5 degrees with white or black corners, and says by how much', async () => {
    const m = new Matcher(await registry(['chelsea.jpg', 'coffee.jpg']));
    for (const [deg, fill] of [[5, '#ffffff'], [-5, '#000000'], [2, '#ffffff'], [-2, '#000000']] as const) {
      const found = await lookup(m, await rotated('coffee.jpg', deg, fill));
      expect(found.map((h) => h.workId)).toEqual(['coffee.jpg']);
      const rot = only(found[0]!.hints?.changes, 'rotated');
      // A 2-degree turn can also pass as the work resized (the hash still agrees): then no angle is claimed.
      if (Math.abs(deg) === 5) expect(rot).toEqual({ kind: 'rotated', degrees: deg });
      else if (rot?.kind === 'rotated') expect(rot.degrees).toBe(deg);
    }
  }, SLOW);

  it('finds copies turned 5 degrees on white whose flat corners moved the detail key past KEY_MAX', async () => {
    // Before the inner key (flat-corners.ts) these three had no candidate at all: no hash probe within reach, and the
    // white wedges along every side put their keys more than KEY_MAX from their works'.
    const m = new Matcher(await registry(['chelsea.jpg', 'coffee.jpg', 'rocket.jpg', 'starry-night.jpg']));
    for (const [file, deg] of [['rocket.jpg', 5], ['rocket.jpg', -5], ['starry-night.jpg', 5]] as const) {
      const found = await lookup(m, await rotated(file, deg, '#ffffff'));
      expect(found.map((h) => h.workId)).toEqual([file]);
      expect(only(found[0]!.hints?.changes, 'rotated')).toEqual({ kind: 'rotated', degrees: deg });
    }
  }, SLOW);

  it('matches no unrelated image outpainted or rotated', async () => {
    const m = new Matcher(await registry(['chelsea.jpg', 'coffee.jpg']));
    for (const other of ['astronaut.jpg', 'rocket.jpg', 'starry-night.jpg']) {
      expect(await lookup(m, (await outpainted(other, 0.5, [0.5, 0.5])).bytes)).toEqual([]);
      expect(await lookup(m, await rotated(other, 5, '#ffffff'))).toEqual([]);
    }
  }, SLOW);
});
