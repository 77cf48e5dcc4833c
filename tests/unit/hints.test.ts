import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { Matcher } from '../../src/lib/match/matcher.js';
import { queryOf } from '../../src/lib/match/hash/query.js';
import { workFingerprints } from '../../src/lib/match/hash/work-fingerprints.js';
import { changedRegions } from '../../src/lib/match/hints/regions.js';
import { decodeForHash, decodeFull, imageSizeOf } from '../../src/node/decode.js';
import type { Change, WorkMatch } from '../../src/lib/types.js';

const img = (name: string) => new URL(`../../demo/images/${name}`, import.meta.url).pathname;
const model = { id: 'm', source: 'own' as const, creatorId: 'c', name: 'M', license: { personalUse: true, commercialUse: 'forbidden' as const, attributionRequired: false, derivativesAllowed: false }, licensees: [] };

describe('change hints from the aligned comparison (hints/)', () => {
  const matcher = (async () => {
    const works = [];
    for (const [id, file] of [['a', 'astronaut.jpg'], ['c', 'chelsea.jpg']] as const) {
      const p = workFingerprints(await decodeFull(img(file)));
      works.push({ id, source: 'own' as const, modelId: 'm', fingerprints: p.fingerprints, detail: p.detail, addedAt: '' });
    }
    return new Matcher({ creators: [], models: [model], works });
  })();
  const check = async (bytes: Buffer | string): Promise<WorkMatch | undefined> => {
    const found = (await matcher).match(queryOf(await decodeForHash(bytes), await imageSizeOf(bytes)), 'https://a.example/');
    return found.find((m) => m.workId === 'a');
  };
  const kinds = (m: WorkMatch | undefined) => m?.hints?.changes.map((c) => c.kind);
  const src = () => sharp(img('astronaut.jpg'));

  it('says "same image" at 100% for the untouched work, and for a recompressed copy', async () => {
    const m = await check(img('astronaut.jpg'));
    expect(m?.hints).toMatchObject({ changes: [{ kind: 'same' }], similarity: 100, decidedBy: 'detail' });
    expect(kinds(await check(await src().jpeg({ quality: 40 }).toBuffer()))).toEqual(['same']);
  }, 60_000);

  it('names a brightness or contrast change as colours changed (the nearest probe called it recompressed)', async () => {
    expect(kinds(await check(await src().modulate({ brightness: 1.25 }).jpeg().toBuffer()))).toEqual(['colours']);
    expect(kinds(await check(await src().linear(0.75, 0.25 * 128).jpeg().toBuffer()))).toEqual(['colours']);
  }, 60_000);

  it('names the mirror axis, and the cropped side with its amount', async () => {
    expect((await check(await src().flip().jpeg().toBuffer()))?.hints?.changes).toEqual([{ kind: 'mirrored', axis: 'v' }]);
    const { width, height } = await src().metadata();
    const cut = Math.round(width! * 0.1);
    const c = (await check(await src().extract({ left: cut, top: 0, width: width! - cut, height: height! }).jpeg().toBuffer()))?.hints?.changes;
    expect(c?.map((x) => x.kind)).toEqual(['cropped']);
    const sides = (c![0] as Extract<Change, { kind: 'cropped' }>).sides;
    expect(sides.left).toBeCloseTo(0.1, 1);
    expect([sides.top, sides.right, sides.bottom]).toEqual([0, 0, 0]);
  }, 60_000);

  it('names an added border and where the work sits inside it, in the page image pixels', async () => {
    const m = await check(await src().extend({ top: 50, bottom: 50, left: 50, right: 50, background: '#ffffff' }).jpeg().toBuffer());
    const { width, height } = await src().metadata();
    expect(kinds(m)).toEqual(['border']);
    const box = (m!.hints!.changes[0] as Extract<Change, { kind: 'border' }>).box;
    expect(m!.hints!.size).toEqual({ width: width! + 100, height: height! + 100 });
    expect(Math.abs(box.x - 50)).toBeLessThanOrEqual(4);
    expect(Math.abs(box.width - width!)).toBeLessThanOrEqual(8);
  }, 60_000);

  it('says "partly redrawn" with the region for a redrawn quarter, not "recompressed"', async () => {
    const { width, height } = await src().metadata();
    const [w, h] = [Math.round(width! / 2), Math.round(height! / 2)];
    const patch = `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}"><rect width="100%" height="100%" fill="rgb(60,160,90)"/><circle cx="${w / 2}" cy="${h / 2}" r="${h / 3}" fill="rgb(230,40,60)"/></svg>`;
    const m = await check(await src().composite([{ input: Buffer.from(patch), left: 0, top: 0 }]).jpeg().toBuffer());
    expect(kinds(m)).toEqual(['redrawn']);
    const r = (m!.hints!.changes[0] as Extract<Change, { kind: 'redrawn' }>).regions[0]!;
    const inter = Math.max(0, Math.min(r.x + r.width, w) - r.x) * Math.max(0, Math.min(r.y + r.height, h) - r.y);
    expect(inter / (r.width * r.height + w * h - inter)).toBeGreaterThan(0.5);
    expect(m!.hints!.similarity).toBeLessThan(90);
  }, 60_000);
});

describe('rotated copies the hash or a plain framing matched (hints/rotation.ts)', () => {
  // Turned by `deg` on a grey canvas and cut back to the work's size (bench:robustness "rotate 2 degrees"): the
  // corner wedges were called "mark or text added" or "partly redrawn", and the turn was not named.
  const turned = async (file: string, deg: number) => {
    const { width, height } = await sharp(img(file)).metadata();
    const r = await sharp(img(file)).rotate(deg, { background: '#808080' }).toBuffer({ resolveWithObject: true });
    return sharp(r.data).extract({ left: Math.floor((r.info.width - width!) / 2), top: Math.floor((r.info.height - height!) / 2), width: width!, height: height! }).jpeg({ quality: 85 }).toBuffer();
  };
  const works = (async () => {
    const out = [];
    for (const [id, file] of [['a', 'astronaut.jpg'], ['c', 'chelsea.jpg'], ['k', 'coffee.jpg']] as const) {
      const p = workFingerprints(await decodeFull(img(file)));
      out.push({ id, source: 'own' as const, modelId: 'm', fingerprints: p.fingerprints, detail: p.detail, addedAt: '' });
    }
    return new Matcher({ creators: [], models: [model], works: out });
  })();
  const hintsOf = async (bytes: Buffer, id: string) => (await works).match(queryOf(await decodeForHash(bytes), await imageSizeOf(bytes)), 'https://a.example/').find((m) => m.workId === id)?.hints;

  it('names "rotated" with the turn, and no mark or redraw, for copies turned by 2 degrees either way', async () => {
    for (const [id, file] of [['a', 'astronaut.jpg'], ['c', 'chelsea.jpg'], ['k', 'coffee.jpg']] as const) {
      for (const deg of [2, -2]) {
        const h = await hintsOf(await turned(file, deg), id);
        expect(h?.changes.map((c) => c.kind), `${file} ${deg}°`).toEqual(['rotated']);
        expect(Math.sign((h!.changes[0] as Extract<Change, { kind: 'rotated' }>).degrees), `${file} ${deg}°`).toBe(Math.sign(deg));
      }
    }
  }, 120_000);

  it('does not call an untouched, recompressed or cropped copy rotated', async () => {
    for (const [id, file] of [['a', 'astronaut.jpg'], ['c', 'chelsea.jpg'], ['k', 'coffee.jpg']] as const) {
      const { width, height } = await sharp(img(file)).metadata();
      const copies = [await sharp(img(file)).jpeg({ quality: 50 }).toBuffer(), await sharp(img(file)).extract({ left: Math.round(width! * 0.05), top: Math.round(height! * 0.05), width: Math.round(width! * 0.9), height: Math.round(height! * 0.9) }).jpeg().toBuffer()];
      for (const bytes of copies) expect((await hintsOf(bytes, id))?.changes.map((c) => c.kind), file).not.toContain('rotated');
    }
  }, 120_000);
});

describe('cropped portrait-like copies (hints/aligned.ts on a crop framing)', () => {
  // A photo placed on a plain 512x640 backdrop (bench:robustness's portraits are a figure on a plain colour), cut by
  // 20% on every side: the crop framing's thumbnail resolves the sharp figure less well than the query's cells, and
  // its edge residuals were called "mark or text added", "partly redrawn" or "colours changed".
  const portraits = (async () => {
    const out: { id: string; src: Buffer }[] = [];
    for (const bg of ['#7d9bb5', '#e9e4dc', '#1d2430']) {
      for (const f of ['astronaut.jpg', 'chelsea.jpg', 'coffee.jpg', 'rocket.jpg', 'starry-night.jpg']) {
        const fig = await sharp(img(f)).resize(300, 420, { fit: 'fill' }).png().toBuffer();
        out.push({ id: `${bg} ${f}`, src: await sharp({ create: { width: 512, height: 640, channels: 3, background: bg } }).composite([{ input: fig, left: 106, top: 140 }]).png().toBuffer() });
      }
    }
    const works = [];
    for (const it of out) {
      const p = workFingerprints(await decodeFull(it.src));
      works.push({ id: it.id, source: 'own' as const, modelId: 'm', fingerprints: p.fingerprints, detail: p.detail, addedAt: '' });
    }
    return { items: out, m: new Matcher({ creators: [], models: [model], works }) };
  })();

  it('says only "cropped" for each, cut by 20% on every side', async () => {
    const { items, m } = await portraits;
    const said: Record<string, string[] | undefined> = {};
    for (const it of items) {
      const b = await sharp(it.src).extract({ left: 102, top: 128, width: 512 - 204, height: 640 - 256 }).jpeg({ quality: 85 }).toBuffer();
      said[it.id] = m.match(queryOf(await decodeForHash(b), await imageSizeOf(b)), 'https://a.example/').find((x) => x.workId === it.id)?.hints?.changes.map((c) => c.kind);
    }
    expect(said).toEqual(Object.fromEntries(items.map((it) => [it.id, ['cropped']])));
  }, 120_000);
});

describe('region finder (hints/regions.ts)', () => {
  const grid = (cells: Array<[number, number]>) => {
    const g = new Uint8Array(256);
    for (const [r, c] of cells) g[r * 16 + c] = 1;
    return g;
  };
  it('boxes a patch with gaps as one region, and leaves out lone cells', () => {
    const patch: Array<[number, number]> = [];
    for (let r = 2; r < 7; r++) for (let c = 9; c < 14; c++) if ((r + c) % 3) patch.push([r, c]);
    expect(changedRegions(grid([...patch, [14, 1]]))).toEqual([[2, 9, 5, 5]]);
  });
  it('gives two distant patches as two regions, largest first', () => {
    expect(changedRegions(grid([[0, 0], [0, 1], [1, 0], [10, 10], [10, 11], [11, 10], [11, 11]]))).toEqual([
      [10, 10, 2, 2],
      [0, 0, 2, 2],
    ]);
  });
  it('finds nothing when nothing differs', () => expect(changedRegions(new Uint8Array(256))).toEqual([]));
});
