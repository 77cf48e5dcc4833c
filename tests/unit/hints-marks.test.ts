import sharp from 'sharp';
import { chromaCornerMarks } from '../../src/lib/match/hints/chroma-marks.js';
import { describe, expect, it } from 'vitest';
import { Matcher } from '../../src/lib/match/matcher.js';
import { queryOf } from '../../src/lib/match/hash/query.js';
import { workFingerprints } from '../../src/lib/match/hash/work-fingerprints.js';
import { faintLines, faintPatches, mergeBoxes } from '../../src/lib/match/hints/faint-marks.js';
import { isCornerMark, splitMarks } from '../../src/lib/match/hints/marks.js';
import { detailHints } from '../../src/lib/match/hints/hints.js';
import { detailQuery } from '../../src/lib/match/detail/detail-verify.js';
import { sampleFrame } from '../../src/lib/match/detail/luma-thumb.js';
import type { Query } from '../../src/lib/match/hash/query.js';
import { decodeForHash, decodeFull, imageSizeOf } from '../../src/node/decode.js';
import type { Change, Work, WorkMatch } from '../../src/lib/types.js';

const img = (name: string) => new URL(`../../demo/images/${name}`, import.meta.url).pathname;
const model = { id: 'm', source: 'own' as const, creatorId: 'c', name: 'M', license: { personalUse: true, commercialUse: 'forbidden' as const, attributionRequired: false, derivativesAllowed: false }, licensees: [] };

describe('marks laid over a work: a faint text line, a badge in a corner (hints/faint-marks.ts, marks.ts)', () => {
  // The astronaut (512 x 512) and chelsea registered as lists now record them: with pixel size and chroma grid.
  const matcher = (async () => {
    const works: Work[] = [];
    for (const [id, file] of [['a', 'astronaut.jpg'], ['c', 'chelsea.jpg']] as const) {
      const p = workFingerprints(await decodeFull(img(file)));
      works.push({ id, source: 'own', modelId: 'm', fingerprints: p.fingerprints, detail: p.detail, size: await imageSizeOf(img(file)), chroma: p.chroma, addedAt: '' });
    }
    return new Matcher({ creators: [], models: [model], works });
  })();
  const check = async (bytes: Buffer | string): Promise<WorkMatch | undefined> => {
    const found = (await matcher).match(queryOf(await decodeForHash(bytes), await imageSizeOf(bytes)), 'https://a.example/');
    return found.find((m) => m.workId === 'a');
  };
  const kinds = (m: WorkMatch | undefined) => m?.hints?.changes.map((c) => c.kind);
  const marked = (m: WorkMatch | undefined) => (m?.hints?.changes.find((c) => c.kind === 'marked') as Extract<Change, { kind: 'marked' }> | undefined)?.regions ?? [];
  const src = () => sharp(img('astronaut.jpg'));
  const S = 512;
  /** A stock-site line of white text at 45% opacity, its baseline at `y` (share of the height). */
  const textLine = (y: number) =>
    Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="${S}" height="${S}"><text x="50%" y="${y * 100}%" text-anchor="middle" font-family="DejaVu Sans" font-size="${Math.round(S * 0.07)}" fill="white" fill-opacity="0.45">© stock-site.example</text></svg>`);
  /** An opaque red badge with a word, 25% of the width and 15% of the height, 3% in from the top-left corner. */
  const badge = Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${S}" height="${S}"><rect x="15" y="15" width="128" height="77" rx="15" fill="#c0162c"/><text x="79" y="67" text-anchor="middle" font-family="DejaVu Sans" font-weight="bold" font-size="38" fill="white">STOCK</text></svg>`,
  );

  it('names a faint text watermark "mark or text added" along its line (today: "same image")', async () => {
    for (const y of [0.12, 0.5, 0.88]) {
      const m = await check(await src().composite([{ input: textLine(y) }]).jpeg({ quality: 85 }).toBuffer());
      expect(kinds(m)).toEqual(['marked']);
      const [r] = marked(m);
      // The text's row (it sits just above the baseline), across most of the width.
      expect(Math.abs(r!.y + r!.height / 2 - (y - 0.035) * S)).toBeLessThan(S / 16 + 1);
      expect(r!.width).toBeGreaterThan(S / 2);
      // The line's cells count as differing: not "100% similar".
      expect(m!.hints!.similarity).toBeLessThan(100);
      expect(m!.hints!.similarity).toBeGreaterThan(90);
    }
  }, 60_000);

  it('names a badge in a corner "mark or text added", not "partly redrawn"', async () => {
    const m = await check(await src().composite([{ input: badge }]).jpeg({ quality: 85 }).toBuffer());
    expect(kinds(m)).toEqual(['marked']);
    const [r] = marked(m);
    expect(r!.x).toBeLessThan(S / 16);
    expect(r!.y).toBeLessThan(S / 16);
    expect(r!.x + r!.width).toBeLessThan(S / 2);
  }, 60_000);

  it('claims no mark on copies that only lost quality, size or colour', async () => {
    expect(kinds(await check(img('astronaut.jpg')))).toEqual(['same']);
    expect(kinds(await check(await src().jpeg({ quality: 30 }).toBuffer()))).toEqual(['same']);
    expect(kinds(await check(await src().webp({ quality: 75 }).toBuffer()))).toEqual(['same']);
    expect(kinds(await check(await src().blur(2).jpeg({ quality: 85 }).toBuffer()))).toEqual(['same']);
    expect(kinds(await check(await src().resize(256).jpeg({ quality: 85 }).toBuffer()))).toEqual(['resized']);
    expect(kinds(await check(await src().resize(128).jpeg({ quality: 85 }).toBuffer()))).toEqual(['resized']);
    expect(kinds(await check(await src().modulate({ brightness: 1.2 }).jpeg({ quality: 85 }).toBuffer()))).toEqual(['colours']);
  }, 60_000);
});

describe('the faint-mark finder on residual grids (hints/faint-marks.ts)', () => {
  const N = 16;
  /** A comparison with `res` as residual, `edge` everywhere, nothing changed beyond the cell test. */
  const aligned = (res: (y: number, x: number) => number, edge: (y: number, x: number) => number = () => 0) => {
    const r = new Float32Array(N * N);
    const e = new Float32Array(N * N);
    for (let y = 0; y < N; y++) for (let x = 0; x < N; x++) [r[y * N + x], e[y * N + x]] = [res(y, x), edge(y, x)];
    return { residual: r, edge: e, changed: new Uint8Array(N * N) };
  };
  // A little rounding noise (+-0.2 levels) everywhere.
  const noise = (y: number, x: number) => (((y * 7 + x * 13) % 5) - 2) / 10;

  it('finds a row of cells lifted by 3 levels across the width, on a flat image', () => {
    expect(faintLines(aligned((y, x) => noise(y, x) + (y === 13 && x >= 2 && x <= 13 ? 3 : 0)))).toEqual([[13, 2, 1, 12]]);
  });
  it('finds nothing in rounding noise, nor in a change spread over many rows (a colour curve)', () => {
    expect(faintLines(aligned(noise))).toEqual([]);
    expect(faintLines(aligned((y, x) => noise(y, x) + (y >= 5 && y <= 11 ? 3 : 0)))).toEqual([]);
  });
  it('takes the same 3 levels along a strong edge for resampling, not a mark', () => {
    expect(faintLines(aligned((y, x) => noise(y, x) + (y === 7 ? 3 : 0), (y) => (y === 7 ? 160 : 0)))).toEqual([]);
  });
  it('finds a corner patch of 10-15 levels, and says nothing of one cell', () => {
    const patch = (y: number, x: number) => (y < 2 && x < 4 ? -12 : 0);
    expect(faintPatches(aligned((y, x) => noise(y, x) + patch(y, x)))).toEqual([[0, 0, 2, 4]]);
    expect(faintPatches(aligned((y, x) => noise(y, x) + (y === 0 && x === 0 ? -12 : 0)))).toEqual([]);
  });
  it('merges boxes that touch (a line and the strong cells on it)', () => {
    expect(mergeBoxes([[13, 2, 1, 12], [13, 5, 2, 3], [0, 0, 2, 2]])).toEqual([[13, 2, 2, 12], [0, 0, 2, 2]]);
  });
});

describe('corner badges (hints/marks.ts)', () => {
  it('takes a badge-sized box in a corner for a mark, even in a match found outside one rectangle', () => {
    expect(isCornerMark([0, 0, 3, 4])).toBe(true);
    expect(isCornerMark([13, 12, 3, 4])).toBe(true);
    expect(splitMarks([[0, 0, 3, 4]], true)).toEqual({ marks: [[0, 0, 3, 4]], redrawn: [] });
  });
  it('keeps a larger corner patch, one along a single edge and a strip in a local match as redrawn', () => {
    expect(isCornerMark([0, 0, 5, 5])).toBe(false);
    expect(isCornerMark([0, 6, 3, 4])).toBe(false);
    expect(splitMarks([[7, 2, 2, 12]], true)).toEqual({ marks: [], redrawn: [[7, 2, 2, 12]] });
  });
});

describe('a logo on a work with a plain band of its own (hints/hints.ts)', () => {
  it('is "mark or text added", not "border added": the inside of the band compares only a little better', () => {
    // A 32x32 work thumbnail, textured above row 26 and flat grey below; the copy has a white badge top right.
    const band = 26;
    const work = new Uint8Array(32 * 32);
    for (let y = 0; y < 32; y++) for (let x = 0; x < 32; x++) work[y * 32 + x] = y >= band ? 128 : Math.round(128 + 60 * Math.sin(x * 0.7 + y * 0.3) + 30 * Math.cos(y * 0.9 - x * 0.2));
    const copy = Uint8Array.from(work);
    for (let y = 1; y < 4; y++) for (let x = 21; x < 31; x++) copy[y * 32 + x] = 255;
    const whole = detailQuery(Uint8Array.from(sampleFrame(copy, [0, 0, 1, 1]), Math.round));
    const inside = detailQuery(Uint8Array.from(sampleFrame(copy, [0, 0, 1, band / 32]), Math.round));
    const q = { trimmedBox: [0, 0, 1, band / 32], size: { width: 512, height: 512 } } as unknown as Query;
    const h = detailHints(q, whole, inside, work, { stage: 'hash', trimmed: true });
    expect(h.changes.map((c) => c.kind)).toEqual(['marked']);
  });
});

describe('a coloured mark in a corner the luminance cannot see (hints/chroma-marks.ts)', () => {
  const work = Int16Array.from({ length: 128 }, (_, i) => (i % 2 ? 10 : -6));
  const with_ = (cells: number[], d: number) => Int16Array.from(work, (v, i) => (cells.includes(i >> 1) && i % 2 ? v + d : v));
  it('boxes chroma cells off by 39-49 levels in a corner, in the 16x16 grid', () => {
    expect(chromaCornerMarks(with_([62, 63], 45), work)).toEqual([[14, 12, 2, 4]]);
  });

  it('sees nothing in recompression noise or away from the corners', () => {
    expect(chromaCornerMarks(with_([62, 63], 2), work)).toEqual([]);
    expect(chromaCornerMarks(with_([27, 28], 45), work)).toEqual([]);
  });

  it('compares a mirrored copy mirrored', () => {
    expect(chromaCornerMarks(with_([56, 57], 45), with_([62, 63], 45), 'h')).toEqual([]);
  });
});
