import sharp from 'sharp';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { Matcher } from '../../src/lib/match/matcher.js';
import { queryOf } from '../../src/lib/match/hash/query.js';
import { workFingerprints } from '../../src/lib/match/hash/work-fingerprints.js';
import { isMark, splitMarks } from '../../src/lib/match/hints/marks.js';
import { chromaChanged, chromaShift } from '../../src/lib/match/hints/chroma-compare.js';
import { WorkSchema } from '../../src/lib/list/schema.js';
import { listToRegistry } from '../../src/lib/list/to-registry.js';
import { decodeForHash, decodeFull, imageSizeOf } from '../../src/node/decode.js';
import type { LicenseList } from '../../src/lib/list/schema.js';
import type { Work, WorkMatch } from '../../src/lib/types.js';

const img = (name: string) => new URL(`../../demo/images/${name}`, import.meta.url).pathname;
const model = { id: 'm', source: 'own' as const, creatorId: 'c', name: 'M', license: { personalUse: true, commercialUse: 'forbidden' as const, attributionRequired: false, derivativesAllowed: false }, licensees: [] };

/** The astronaut registered as a list now records it (`traits`: with its pixel size and chroma grid) or as older lists did. */
function matcherOf(traits: boolean): Promise<Matcher> {
  return (async () => {
    const works: Work[] = [];
    for (const [id, file] of [['a', 'astronaut.jpg'], ['c', 'chelsea.jpg']] as const) {
      const p = workFingerprints(await decodeFull(img(file)));
      const extra = traits ? { size: await imageSizeOf(img(file)), chroma: p.chroma } : {};
      works.push({ id, source: 'own', modelId: 'm', fingerprints: p.fingerprints, detail: p.detail, ...extra, addedAt: '' });
    }
    return new Matcher({ creators: [], models: [model], works });
  })();
}

describe('change hints with the work size and chroma a list records', () => {
  const withTraits = matcherOf(true);
  const without = matcherOf(false);
  const check = async (m: Promise<Matcher>, bytes: Buffer | string): Promise<WorkMatch | undefined> => {
    const found = (await m).match(queryOf(await decodeForHash(bytes), await imageSizeOf(bytes)), 'https://a.example/');
    return found.find((x) => x.workId === 'a');
  };
  const kinds = (m: WorkMatch | undefined) => m?.hints?.changes.map((c) => c.kind);
  const src = () => sharp(img('astronaut.jpg'));

  it('calls a half-size copy "resized" when the size is known, and claims nothing when it is not', async () => {
    const { width } = await src().metadata();
    const half = await src().resize(Math.round(width! / 2)).jpeg({ quality: 85 }).toBuffer();
    expect(kinds(await check(withTraits, half))).toEqual(['resized']);
    expect(kinds(await check(without, half))).toEqual(['same']);
  }, 60_000);

  it('keeps "same image" for the untouched work and a recompressed copy at its own size', async () => {
    expect(kinds(await check(withTraits, img('astronaut.jpg')))).toEqual(['same']);
    expect(kinds(await check(withTraits, await src().jpeg({ quality: 40 }).toBuffer()))).toEqual(['same']);
    expect(kinds(await check(withTraits, await src().webp({ quality: 75 }).toBuffer()))).toEqual(['same']);
  }, 60_000);

  it('names a saturation change "colours changed" from the chroma grids (luminance alone saw none)', async () => {
    expect(kinds(await check(withTraits, await src().modulate({ saturation: 1.5 }).jpeg().toBuffer()))).toEqual(['colours']);
    expect(kinds(await check(withTraits, await src().modulate({ saturation: 0.5 }).jpeg().toBuffer()))).toEqual(['colours']);
    expect(kinds(await check(withTraits, await src().modulate({ hue: 40 }).jpeg().toBuffer()))).toEqual(['colours']);
  }, 60_000);

  it('names a caption strip along the bottom "mark or text added", not "partly redrawn"', async () => {
    const { width, height } = await src().metadata();
    const [w, h] = [width!, height!];
    const band = `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}"><rect x="${w * 0.08}" y="${h * 0.86}" width="${w * 0.84}" height="${h * 0.08}" fill="#ffffff"/><text x="50%" y="${h * 0.92}" text-anchor="middle" font-family="DejaVu Sans" font-size="${h * 0.06}" fill="#000000">© stock-site.example</text></svg>`;
    const m = await check(withTraits, await src().composite([{ input: Buffer.from(band) }]).jpeg().toBuffer());
    expect(kinds(m)).toContain('marked');
    expect(kinds(m)).not.toContain('redrawn');
    const r = (m!.hints!.changes.find((c) => c.kind === 'marked') as { regions: { y: number; height: number }[] }).regions[0]!;
    expect(r.y + r.height / 2).toBeGreaterThan(h * 0.75);
  }, 60_000);
});

describe('the chroma comparison (hints/chroma-compare.ts)', () => {
  // An 8x8 Cb/Cr grid of one colour, and the same colour turned by `turn` degrees (a tint).
  const grid = (turn: number) => {
    const [a, b] = [(turn * Math.PI) / 180, Math.hypot(30, 20)];
    const cb = Math.round(b * Math.cos(Math.atan2(-20, 30) + a));
    const cr = Math.round(b * Math.sin(Math.atan2(-20, 30) + a));
    return Int16Array.from({ length: 128 }, (_, i) => (i % 2 ? cr : cb));
  };
  // Luminance changed everywhere but a 6x4 block of the 16x16 grid in the top-left corner: 2 chroma cells stay compared.
  const mostChanged = Uint8Array.from({ length: 256 }, (_, i) => (Math.floor(i / 16) < 6 && i % 16 < 4 ? 0 : 1));
  const whole = { frame: [0, 0, 1, 1] as const };

  it('claims no colour change from the few cells a large redraw leaves, though they carry a tint', () => {
    expect(chromaChanged(chromaShift(grid(40), grid(0), whole, mostChanged))).toBe(false);
  });
  it('still names the same tint over the whole image', () => {
    expect(chromaChanged(chromaShift(grid(40), grid(0), whole, new Uint8Array(256)))).toBe(true);
  });
});

describe('marks and redrawn regions (hints/marks.ts)', () => {
  it('takes a thin strip (along an edge or across the middle) and a small patch in a corner for marks', () => {
    expect(isMark([14, 2, 2, 12])).toBe(true);
    expect(isMark([7, 2, 2, 12])).toBe(true);
    expect(isMark([0, 12, 2, 3])).toBe(true);
  });
  it('keeps an object-sized patch, and a small patch in the middle, as redrawn', () => {
    expect(isMark([10, 10, 5, 5])).toBe(false);
    expect(isMark([7, 7, 3, 3])).toBe(false);
    expect(splitMarks([[10, 10, 5, 5], [15, 0, 1, 8]])).toEqual({ marks: [[15, 0, 1, 8]], redrawn: [[10, 10, 5, 5]] });
  });
});

describe('the work size and chroma grid in a list (list/schema.ts)', () => {
  const base = { id: 'w1', model: 'm', fingerprints: ['0'.repeat(64)] };
  it('accepts a work with or without them, and carries them into the registry', () => {
    expect(v.safeParse(WorkSchema, base).success).toBe(true);
    const chroma = 'A'.repeat(171);
    const r = v.safeParse(WorkSchema, { ...base, size: { width: 1024, height: 768 }, chroma });
    expect(r.success).toBe(true);
    const list = { id: 'l', updated: '2026-12-06T00:00:00Z', models: [], works: [r.output] } as unknown as LicenseList;
    expect(listToRegistry(list, 'list:l').works[0]).toMatchObject({ size: { width: 1024, height: 768 }, chroma });
  });
  it('refuses a malformed size or chroma grid', () => {
    expect(v.safeParse(WorkSchema, { ...base, size: { width: 0, height: 10 } }).success).toBe(false);
    expect(v.safeParse(WorkSchema, { ...base, size: { width: 1.5, height: 10 } }).success).toBe(false);
    expect(v.safeParse(WorkSchema, { ...base, chroma: 'abc' }).success).toBe(false);
  });
});
