import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { Matcher } from '../../src/lib/match/matcher.js';
import { queryOf, type Query } from '../../src/lib/match/hash/query.js';
import { workFingerprints } from '../../src/lib/match/hash/work-fingerprints.js';
import { detailHints } from '../../src/lib/match/hints/hints.js';
import { detailQuery } from '../../src/lib/match/detail/detail-verify.js';
import { sampleFrame } from '../../src/lib/match/detail/luma-thumb.js';
import { toBase64url } from '../../src/lib/base64url.js';
import { decodeForHash, decodeFull, imageSizeOf } from '../../src/node/decode.js';
import type { Work } from '../../src/lib/types.js';

const img = (name: string) => new URL(`../../demo/images/${name}`, import.meta.url).pathname;
const model = { id: 'm', source: 'own' as const, creatorId: 'c', name: 'M', license: { personalUse: true, commercialUse: 'forbidden' as const, attributionRequired: false, derivativesAllowed: false }, licensees: [] };
const S = 32;
/** A 32x32 work thumbnail from a function of (x, y), and the page image's whole-frame detail query from another. */
const thumbOf = (f: (x: number, y: number) => number) => Uint8Array.from({ length: S * S }, (_, i) => Math.max(0, Math.min(255, Math.round(f(i % S, Math.floor(i / S))))));
const queryFrom = (t: Uint8Array) => detailQuery(Uint8Array.from(sampleFrame(t, [0, 0, 1, 1]), Math.round));
const page = { size: { width: 512, height: 640 } } as unknown as Query;
const kinds = (h: { changes: { kind: string }[] }) => h.changes.map((c) => c.kind);

describe('brightness on a dark work, judged against its own level (hints/tone.ts levelShifted)', () => {
  // bench:robustness portraits on #1d2430: +20% brightness moved the near-black backdrop by 4-6 levels, under the
  // fixed 8-level shift, and the copy read "same image".
  const figure = (x: number, y: number) => (x >= 10 && x < 22 && y >= 8 ? 20 + 40 * Math.abs(Math.sin(x * 0.9 + y * 0.5)) : 35);
  const work = thumbOf(figure);

  it('names a 5-level lift of a near-black work "colours changed" (today: "same image")', () => {
    const lifted = thumbOf((x, y) => figure(x, y) + 5);
    expect(kinds(detailHints(page, queryFrom(lifted), null, work, { stage: 'hash' }))).toEqual(['colours']);
  });

  it('keeps "same image" for the 1-level drift a recompressed copy shows, and on a mid-grey work for 5 levels', () => {
    expect(kinds(detailHints(page, queryFrom(thumbOf((x, y) => figure(x, y) + 1)), null, work, { stage: 'hash' }))).toEqual(['same']);
    const grey = (x: number, y: number) => 130 + 40 * Math.sin(x * 0.7 + y * 0.3);
    expect(kinds(detailHints(page, queryFrom(thumbOf((x, y) => grey(x, y) + 5)), null, thumbOf(grey), { stage: 'hash' }))).toEqual(['same']);
  });
});

describe('brightness on black lines on white: only the mid-tones move (hints/tone.ts midTonesLifted)', () => {
  // bench:robustness w0071, w0094, w0116 under +20% brightness: black stays black, white clips, and only the cells
  // that mix them rose, by a few levels: the gain and shift stayed within their limits and the copy read "same image".
  // A 1-pixel black line every 8 pixels: the cells it crosses mix it with white (127), the others are white.
  const line = (x: number) => x % 8 === 1;
  const work = thumbOf((x) => (line(x) ? 0 : 255));
  const copy = (l: number, next: number, beside: number) => thumbOf((x) => (line(x) ? l : x % 8 === 2 ? next : x % 8 === 0 ? beside : 255));

  it('names the mixed cells lifted while black and white stay "colours changed" (today: "same image")', () => {
    expect(kinds(detailHints(page, queryFrom(copy(6, 255, 255)), null, work, { stage: 'hash' }))).toEqual(['colours']);
  });

  it('keeps "same image" when the white next to them darkened as much (a blur), or they were lowered', () => {
    expect(kinds(detailHints(page, queryFrom(copy(6, 249, 255)), null, work, { stage: 'hash' }))).toEqual(['same']);
    expect(kinds(detailHints(page, queryFrom(copy(0, 255, 249)), null, work, { stage: 'hash' }))).toEqual(['same']);
  });
});

describe('changed regions a colour change explains (hints/colour-regions.ts)', () => {
  // bench:robustness portrait 13 under saturation x1.5: a saturated red band darkened by 21 levels while the grey
  // around it kept its luminance; the band read as "mark or text added" next to "colours changed".
  const band = (y: number) => y >= 16 && y < 24;
  const lum = (x: number, y: number) => (band(y) ? 125 : 150 + 50 * Math.sin(x * 0.6 + y * 0.4));
  const chroma = (sat: number) => Int16Array.from({ length: 128 }, (_, i) => (band(Math.floor(i / 2 / 8) * 4 + 2) ? (i % 2 ? 60 : -25) * sat : (i % 2 ? 14 : -10) * sat));
  const work = thumbOf(lum);
  const traits = { chroma: chroma(1) };
  const q = (sat: number): Query => ({ ...page, chroma: toBase64url(Uint8Array.from(chroma(sat), (v) => Math.max(0, Math.min(255, v + 128)))) }) as unknown as Query;

  it('says only "colours changed" when the band\'s luminance moved with its chroma (today: also "partly redrawn")', () => {
    const copy = thumbOf((x, y) => lum(x, y) - (band(y) ? 21 : 0));
    expect(kinds(detailHints(q(1.6), queryFrom(copy), null, work, { stage: 'hash' }, traits))).toEqual(['colours']);
  });

  it('still names a patch with content of its own under the same colour change', () => {
    const copy = thumbOf((x, y) => (x >= 4 && x < 14 && y >= 4 && y < 14 ? 40 + 180 * ((x + y) % 3 === 0 ? 1 : 0) : lum(x, y) - (band(y) ? 21 : 0)));
    expect(kinds(detailHints(q(1.6), queryFrom(copy), null, work, { stage: 'hash' }, traits))).toEqual(['colours', 'redrawn']);
  });
});

describe('luminance a saturation change moved with a small saturated feature (hints/colour-regions.ts saturationExplains)', () => {
  // bench:robustness w0043, w0075, w0100 under saturation x1.5: a small red feature darkened by 25-46 levels where the
  // 8x8 chroma grid's cell grew by 17-24, beyond what one fit over the feature and its surround follows: "partly redrawn".
  const lum = (x: number, y: number) => 150 + 50 * Math.sin(x * 0.6 + y * 0.4);
  const feature = (x: number, y: number) => x >= 12 && x < 16 && y >= 12 && y < 16 && !(x >= 14 && y >= 14);
  const red = (i: number) => Math.floor(i / 2 / 8) === 3 && Math.floor(i / 2) % 8 === 3;
  const chroma = (sat: number) => Int16Array.from({ length: 128 }, (_, i) => (red(i) ? (i % 2 ? 60 : -25) : i % 2 ? 14 : -10) * sat);
  const work = thumbOf(lum);
  const traits = { chroma: chroma(1) };
  const q = (sat: number): Query => ({ ...page, chroma: toBase64url(Uint8Array.from(chroma(sat), (v) => Math.max(0, Math.min(255, v + 128)))) }) as unknown as Query;

  it('says only "colours changed" when the feature darkened as its chroma grew (today: also "partly redrawn")', () => {
    const copy = thumbOf((x, y) => lum(x, y) - (feature(x, y) ? 40 : 0));
    expect(kinds(detailHints(q(1.5), queryFrom(copy), null, work, { stage: 'hash' }, traits))).toEqual(['colours']);
  });

  it('still names the patch when it lightened as the chroma grew, or its chroma did not move with the image\'s', () => {
    const lighter = thumbOf((x, y) => lum(x, y) + (feature(x, y) ? 40 : 0));
    expect(kinds(detailHints(q(1.5), queryFrom(lighter), null, work, { stage: 'hash' }, traits))).toEqual(['colours', 'redrawn']);
    const kept = (i: number) => (red(i) ? chroma(1)[i]! : chroma(1.5)[i]!);
    const keptQ = { ...page, chroma: toBase64url(Uint8Array.from({ length: 128 }, (_, i) => Math.max(0, Math.min(255, kept(i) + 128)))) } as unknown as Query;
    expect(kinds(detailHints(keptQ, queryFrom(thumbOf((x, y) => lum(x, y) - (feature(x, y) ? 40 : 0))), null, work, { stage: 'hash' }, traits))).toEqual(['colours', 'redrawn']);
  });
});

describe('"border added" on a work with a plain band of its own (hints/border.ts)', () => {
  it('says "border added", not "cropped", when the work\'s own dark band merges with a black border', async () => {
    const src = await sharp(img('astronaut.jpg')).extract({ left: 0, top: 0, width: 512, height: 384 }).extend({ bottom: 128, background: '#141414' }).png().toBuffer();
    const p = workFingerprints(await decodeFull(src));
    const works: Work[] = [{ id: 'a', source: 'own', modelId: 'm', fingerprints: p.fingerprints, detail: p.detail, size: await imageSizeOf(src), chroma: p.chroma, addedAt: '' }];
    const m = new Matcher({ creators: [], models: [model], works });
    const b = await sharp(src).extend({ top: 51, bottom: 51, left: 51, right: 51, background: '#000000' }).jpeg({ quality: 85 }).toBuffer();
    const h = m.match(queryOf(await decodeForHash(b), await imageSizeOf(b)), 'https://a.example/').find((x) => x.workId === 'a')?.hints;
    expect(h?.changes.map((c) => c.kind)).toEqual(['border']);
  }, 60_000);
});
