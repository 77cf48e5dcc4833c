import sharp, { type Sharp } from 'sharp';
import { describe, expect, it } from 'vitest';
import { hexToWords } from '../../src/lib/match/hash/bits.js';
import { Matcher } from '../../src/lib/match/matcher.js';
import { indexableWorks, packRegistry, parseStoredIndex, storedIndex, thumbOf } from '../../src/lib/match/indexing/packed-registry.js';
import { hashComplexity, MIN_COMPLEXITY } from '../../src/lib/match/hash/quality.js';
import { queryOf } from '../../src/lib/match/hash/query.js';
import type { RegistryContent, Work, WorkMatch } from '../../src/lib/types.js';
import { workFingerprints } from '../../src/lib/match/hash/work-fingerprints.js';
import { decodeForHash, decodeFull } from '../../src/node/decode.js';
import { PLAIN_LOGO } from './helpers/plain-logo.js';

const img = (name: string) => new URL(`../../demo/images/${name}`, import.meta.url).pathname;
const model = { id: 'm', source: 'own' as const, creatorId: 'c', name: 'M', license: { personalUse: true, commercialUse: 'forbidden' as const, attributionRequired: false, derivativesAllowed: false }, licensees: [] };

const prints = new Map<string, ReturnType<typeof workFingerprints>>();
async function printOf(file: string) {
  if (!prints.has(file)) prints.set(file, workFingerprints(await decodeFull(img(file))));
  return prints.get(file)!;
}

async function work(id: string, file: string, fingerprintsOf = file): Promise<Work> {
  return { id, source: 'own', modelId: 'm', fingerprints: (await printOf(fingerprintsOf)).fingerprints, detail: (await printOf(file)).detail, addedAt: '' };
}

/** Registering crops from a 512x512 copy takes about 1 s per work on a loaded machine. */
const SLOW = 60_000;
const kinds = (m: WorkMatch) => m.hints?.changes.map((c) => c.kind);

describe('Matcher with detail thumbnails (detail-verify.ts)', () => {
  it('matches a copy the hash cannot find through the detail key, with its change hint', async () => {
    // The work's fingerprints are another image's: only the detail stage can tie the copy to it.
    const content: RegistryContent = { creators: [], models: [model], works: [await work('w', 'chelsea.jpg', 'rocket.jpg'), await work('x', 'coffee.jpg')] };
    const m = new Matcher(content);
    const darker = queryOf(await decodeForHash(await sharp(img('chelsea.jpg')).modulate({ brightness: 0.75 }).flop().jpeg().toBuffer()));
    const [hit, ...rest] = m.match(darker, 'https://a.example/');
    expect(rest).toEqual([]);
    expect(hit).toMatchObject({ workId: 'w' });
    expect(kinds(hit!)).toEqual(['mirrored', 'colours']);
    expect(hit!.distance).toBeGreaterThan(20);
    // Without the thumbnail (a list made before it), the same copy is not matched.
    const old = new Matcher({ ...content, works: content.works.map(({ detail: _, ...w }) => w) });
    expect(old.match(darker, 'https://a.example/')).toEqual([]);
  }, SLOW);

  it('matches a brightened plain wallpaper whose clipped vignette left its key few reliable bits', async () => {
    const logo = await sharp(Buffer.from(PLAIN_LOGO)).jpeg({ quality: 92 }).toBuffer();
    const p = workFingerprints(await decodeFull(logo));
    const m = new Matcher({ creators: [], models: [model], works: [{ id: 'l', source: 'own', modelId: 'm', fingerprints: p.fingerprints, detail: p.detail, addedAt: '' }, await work('x', 'coffee.jpg')] });
    const brighter = queryOf(await decodeForHash(await sharp(logo).modulate({ brightness: 1.2 }).jpeg({ quality: 85 }).toBuffer()));
    expect(m.match(brighter, 'https://a.example/').map((h) => [h.workId, kinds(h)])).toEqual([['l', ['colours']]]);
  }, SLOW);

  it('never matches unrelated images, a flat colour or a query without detail', async () => {
    const m = new Matcher({ creators: [], models: [model], works: [await work('w', 'chelsea.jpg'), await work('x', 'coffee.jpg')] });
    for (const other of ['astronaut.jpg', 'rocket.jpg', 'starry-night.jpg']) expect(m.match(queryOf(await decodeForHash(img(other))), 'https://a.example/')).toEqual([]);
    const flat = await sharp({ create: { width: 300, height: 300, channels: 3, background: '#88aa44' } }).png().toBuffer();
    expect(m.match(queryOf(await decodeForHash(flat)), 'https://a.example/')).toEqual([]);
    const q = queryOf(await decodeForHash(await sharp(img('chelsea.jpg')).modulate({ brightness: 0.75 }).jpeg().toBuffer()));
    expect(m.match(q, 'https://a.example/')[0]?.workId).toBe('w');
    expect(m.match({ ...q, detail: 'not base64!' }, 'https://a.example/').every((h) => h.distance <= 20)).toBe(true);
  }, SLOW);

  it('drops a hash match between plain hashes when the detail disagrees, and keeps it when it agrees', async () => {
    const svg = (shape: string) => Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="400" height="500"><rect width="100%" height="100%" fill="#7d9bb5"/>${shape}</svg>`);
    const figure = await decodeForHash(await sharp(svg('<ellipse cx="200" cy="330" rx="90" ry="170" fill="#3a2a20"/><circle cx="200" cy="130" r="60" fill="#e0b090"/>')).png().toBuffer());
    const other = await decodeForHash(await sharp(svg('<rect x="60" y="300" width="280" height="200" fill="#203040"/><path d="M0 0 L400 260 L400 300 Z" fill="#f0f0f0"/>')).png().toBuffer());
    const q = queryOf(figure);
    const { detail: own } = workFingerprints(figure);
    const { detail: foreign } = workFingerprints(other);
    // The work's fingerprint is the query's own (a collision, as between plain hashes), only the thumbnail differs.
    const registry = (detail: string): RegistryContent => ({ creators: [], models: [model], works: [{ id: 'w', source: 'own', modelId: 'm', fingerprints: [q.fingerprint], detail, addedAt: '' }] });
    expect(new Matcher(registry(own)).match(q, 'https://a.example/')).toHaveLength(1);
    expect(new Matcher(registry(foreign)).match(q, 'https://a.example/')).toEqual([]);
  }, SLOW);

  it('drops any hash match, mirrored or detailed too, whose detail disagrees; keeps it with agreeing or absent detail', async () => {
    // The work has the photo's own fingerprints, so the mirrored probe finds it; only its thumbnail varies.
    const withDetail = async (file?: string): Promise<RegistryContent> => ({ creators: [], models: [model], works: [{ ...(await work('w', 'chelsea.jpg')), detail: file ? (await printOf(file)).detail : undefined }] });
    const q = queryOf(await decodeForHash(await sharp(img('chelsea.jpg')).flop().jpeg({ quality: 80 }).toBuffer()));
    expect(hashComplexity(hexToWords(q.fingerprint))).toBeGreaterThanOrEqual(MIN_COMPLEXITY);
    expect(new Matcher(await withDetail('chelsea.jpg')).match(q, 'https://a.example/').map((h) => [h.workId, kinds(h)])).toEqual([['w', ['mirrored']]]);
    expect(new Matcher(await withDetail('coffee.jpg')).match(q, 'https://a.example/')).toEqual([]);
    // Without a thumbnail on either side the hash alone decides, as before thumbnails existed.
    expect(new Matcher(await withDetail()).match(q, 'https://a.example/').map((h) => [h.workId, kinds(h)])).toEqual([['w', ['mirrored']]]);
    expect(new Matcher(await withDetail('coffee.jpg')).match({ ...q, detail: undefined }, 'https://a.example/')).toMatchObject([{ workId: 'w' }]);
  }, SLOW);

  it('verifies a copy with added borders against the detail inside them', async () => {
    const withDetail = async (file: string): Promise<RegistryContent> => ({ creators: [], models: [model], works: [{ ...(await work('w', 'chelsea.jpg')), detail: (await printOf(file)).detail }] });
    const src = sharp(img('chelsea.jpg'));
    const { width, height } = await src.metadata();
    const [x, y] = [Math.round(width! / 10), Math.round(height! / 10)];
    const q = queryOf(await decodeForHash(await src.extend({ top: y, bottom: y, left: x, right: x, background: '#ffffff' }).jpeg().toBuffer()));
    expect(q.trimmed && q.trimmedDetail).toBeTruthy();
    expect(new Matcher(await withDetail('chelsea.jpg')).match(q, 'https://a.example/').map((h) => [h.workId, kinds(h)])).toEqual([['w', ['border']]]);
    expect(new Matcher(await withDetail('coffee.jpg')).match(q, 'https://a.example/')).toEqual([]);
    // The whole query's detail, borders included, does not agree with the work's: the inside is what is compared.
    expect(new Matcher(await withDetail('chelsea.jpg')).match({ ...q, trimmedDetail: undefined }, 'https://a.example/')).toEqual([]);
  }, SLOW);

  it('packs detail keys, not thumbnails, and refuses corrupt ones', async () => {
    const content: RegistryContent = { creators: [], models: [model], works: [await work('w', 'chelsea.jpg'), { id: 'old', source: 'own', modelId: 'm', fingerprints: ['0'.repeat(64)], addedAt: '' }] };
    const packed = packRegistry(content);
    const [w, old] = [packed.workIds.indexOf('w'), packed.workIds.indexOf('old')];
    expect(Array.from(packed.hasDetail)).toEqual(w === 0 ? [1, 0] : [0, 1]);
    expect(packed.detailKeys).toHaveLength(2 * 8);
    expect(packed.detailKeys.subarray(old * 8, old * 8 + 8).every((v) => v === 0)).toBe(true);
    expect(packed.detailKeys.subarray(w * 8 + 4, w * 8 + 8).some((v) => v !== 0)).toBe(true);
    expect(Object.keys(packed)).not.toContain('details');
    const back = parseStoredIndex(structuredClone(storedIndex(packed, 2)), 2);
    expect(back.ok && back.packed.detailKeys).toEqual(packed.detailKeys);
    expect(back.ok && back.packed.hasDetail).toEqual(packed.hasDetail);
    expect(parseStoredIndex(structuredClone(storedIndex({ ...packed, detailKeys: new Uint32Array(5) }, 2)), 2)).toMatchObject({ ok: false, reason: 'stored index detail keys are corrupt' });
    expect(parseStoredIndex(structuredClone(storedIndex({ ...packed, hasDetail: new Uint8Array(3) }, 2)), 2)).toMatchObject({ ok: false, reason: 'stored index detail flags are corrupt' });
  }, SLOW);

  it('reads only the thumbnails prepare() names, and finds with them what the matcher holding all of them finds', async () => {
    const files = ['chelsea.jpg', 'coffee.jpg', 'astronaut.jpg', 'rocket.jpg'];
    // Some works carry another image's fingerprints, so that hash matches, key candidates and detail refusals all occur.
    const content: RegistryContent = { creators: [], models: [model], works: await Promise.all([...files.map((f, i) => work(`w${i}`, f)), work('x', 'chelsea.jpg', 'rocket.jpg'), work('y', 'coffee.jpg', 'chelsea.jpg')]) };
    const whole = new Matcher(content);
    const held = indexableWorks(content).map((w) => thumbOf(w.detail));
    const loaded = new Matcher(content, packRegistry(content));
    let compared = 0;
    let read = 0;
    for (const file of files) {
      for (const edit of [(s: Sharp) => s, (s: Sharp) => s.flop(), (s: Sharp) => s.modulate({ brightness: 0.7 }), (s: Sharp) => s.extract({ left: 0, top: 0, width: 400, height: 400 })]) {
        const q = queryOf(await decodeForHash(await edit(sharp(img(file)).resize(512, 512)).jpeg().toBuffer()));
        const p = loaded.prepare(q);
        const needs = new Set(p.needs);
        read += needs.size;
        const thumbs = (work: number) => (needs.has(work) ? held[work] : undefined);
        const found = loaded.verdicts(loaded.finish(p, thumbs), 'https://a.example/');
        expect(found).toEqual(whole.match(q, 'https://a.example/'));
        compared += found.length;
      }
    }
    expect(compared).toBeGreaterThan(0);
    expect(read).toBeGreaterThan(0);
    // A matcher loaded from the stored form holds no thumbnail: finishing without them is a clear error, not a silent miss.
    const q = queryOf(await decodeForHash(await sharp(img('chelsea.jpg')).jpeg().toBuffer()));
    expect(() => loaded.match(q, 'https://a.example/')).toThrow(/was not read/);
  }, SLOW);
});
