import sharp from 'sharp';
import { redrawn as redrawnCopy } from './helpers/redrawn.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { COMPARE_SIDE, lumaThumb, workDetail } from '../../src/lib/match/detail/luma-thumb.js';
import { detailCandidates, REDRAW_MIN, REDRAW_MIN_THIN, verifyCandidate } from '../../src/lib/match/detail/detail-stage.js';
import { redrawScore, redrawScores, REDRAW_THIN_KEPT } from '../../src/lib/match/detail/detail-redraw.js';
import { PLAIN, portrait, RADIAL, redrawnPortrait } from './helpers/portrait.js';
import { byDistance, detailQuery, detailQueryOf, KEY_MAX } from '../../src/lib/match/detail/detail-verify.js';
import { boxShares, pageAspectOf } from '../../src/lib/match/detail/detail-geometry.js';
import { detailHints } from '../../src/lib/match/hints/hints.js';
import { scanKeys } from '../../src/lib/match/detail/key-scan.js';
import { detailKeysOf } from '../../src/lib/match/indexing/packed-registry.js';
import { fromBase64url } from '../../src/lib/base64url.js';
import { Matcher } from '../../src/lib/match/matcher.js';
import { queryOf } from '../../src/lib/match/hash/query.js';
import type { Work } from '../../src/lib/types.js';
import { workFingerprints } from '../../src/lib/match/hash/work-fingerprints.js';
import { decodeForHash, decodeFull, imageSizeOf } from '../../src/node/decode.js';

const img = (name: string) => new URL(`../../demo/images/${name}`, import.meta.url).pathname;
const model = { id: 'm', source: 'own' as const, creatorId: 'c', name: 'M', license: { personalUse: true, commercialUse: 'forbidden' as const, attributionRequired: false, derivativesAllowed: false }, licensees: [] };
const dq = async (b: Buffer | string) => detailQuery(lumaThumb(await decodeForHash(b), COMPARE_SIDE));

/** A quarter of the image at (left, top) shares replaced by flat-shaded foreign shapes, as bench/lib/variants.ts does. */
const redrawn = (name: string, left: number, top: number) =>
  redrawnCopy(name, left, top, (w, h) =>
    `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}"><rect width="100%" height="100%" fill="rgb(200,180,40)"/>` +
      `<circle cx="${w / 2}" cy="${h / 3}" r="${h / 3}" fill="rgb(20,90,200)"/><circle cx="0" cy="${h}" r="${h / 2}" fill="rgb(240,240,240)"/></svg>`, 85);

const bordered = (name: string, colour: string) => sharp(img(name)).extend({ top: 60, bottom: 60, left: 60, right: 60, background: colour }).jpeg({ quality: 85 }).toBuffer();

describe('byDistance (a candidate map nearest first)', () => {
  it('orders works as sorting the map\'s entries by distance does, ties in the map\'s order, at any size', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(5000), fc.oneof(fc.integer({ min: 0, max: 30 }), fc.double({ min: 0, max: 1, noNaN: true }))), { maxLength: 300 }), (pairs) => {
        const m = new Map(pairs);
        expect(byDistance(m)).toEqual([...m].sort((a, b) => a[1] - b[1]).map(([w]) => w));
      }),
      { numRuns: 200 },
    );
  });
});

describe('detail stage (detail-stage.ts)', () => {
  it('alternates key and hash candidates, each nearest first, without repeats', async () => {
    const thumbs = await Promise.all(['astronaut.jpg', 'chelsea.jpg', 'coffee.jpg'].map(async (n) => workDetail(await decodeForHash(img(n)))));
    const keys = detailKeysOf(thumbs);
    const q = await dq(img('chelsea.jpg'));
    const order = detailCandidates(scanKeys(q.keys, keys, 3, KEY_MAX), new Map([[2, 30], [0, 25], [1, 40]]));
    expect(order).toEqual([1, 0, 2]);
    expect(detailCandidates(scanKeys(q.keys, keys, 3, KEY_MAX), new Map())).toEqual([1]);
  });

  it('verifies a redrawn quarter as partly edited and a bordered copy inside its borders as cropped', async () => {
    const thumb = workDetail(await decodeForHash(img('chelsea.jpg')));
    expect(verifyCandidate(await dq(await redrawn('chelsea.jpg', 0.45, 0.1)), null, thumb)).toMatchObject({ stage: 'redraw' });
    const framed = queryOf(await decodeForHash(await bordered('chelsea.jpg', '#ffffff')));
    const inside = detailQuery(fromBase64url(framed.trimmedDetail!));
    const whole = detailQuery(fromBase64url(framed.detail!));
    expect(verifyCandidate(whole, null, thumb)).toBeNull();
    expect(verifyCandidate(whole, inside, thumb)).toMatchObject({ stage: 'detail', trimmed: true });
    for (const other of ['coffee.jpg', 'rocket.jpg', 'starry-night.jpg']) {
      expect(verifyCandidate(await dq(img(other)), null, thumb)).toBeNull();
      expect(verifyCandidate(await dq(await redrawn(other, 0.2, 0.2)), null, thumb)).toBeNull();
    }
  });

  it('verifies a portrait whose redrawn quarter covers most of the figure, from what is left of it', async () => {
    for (const [name, backdrop, left, top] of [['chelsea.jpg', PLAIN, 0.25, 0.4], ['astronaut.jpg', RADIAL, 0.25, 0.4], ['coffee.jpg', PLAIN, 0.25, 0.5]] as const) {
      const work = await portrait(name, backdrop, 0.55, 0.7);
      const thumb = workDetail(await decodeForHash(work));
      const q = await dq(await redrawnPortrait(work, left, top));
      // Less than half the work's gradient energy is left outside the patch: the first score cannot take it.
      expect(redrawScore(q.luma, thumb).score).toBeLessThan(REDRAW_MIN);
      expect(verifyCandidate(q, null, thumb)).toMatchObject({ stage: 'redraw' });
    }
  });

  it('marks a redraw match the placement search placed nothing for, whose hints then do not search again', async () => {
    const work = await portrait('chelsea.jpg', PLAIN, 0.55, 0.7);
    const thumb = workDetail(await decodeForHash(work));
    const copy = await redrawnPortrait(work, 0.25, 0.4);
    const q = queryOf(await decodeForHash(copy), await imageSizeOf(copy));
    const aspect = pageAspectOf(q.size)!;
    const boxed = { dq: detailQueryOf(q.boxedDetail!)!, box: boxShares(q.box!) };
    const whole = detailQueryOf(q.detail!)!;
    const via = verifyCandidate(whole, null, thumb, { ...boxed, page: { wide: q.wide!, aspect } }, aspect, aspect);
    expect(via).toMatchObject({ stage: 'redraw', unplaced: true });
    // Without the page image the search did not run: nothing to pass on.
    expect(verifyCandidate(whole, null, thumb, boxed, aspect, aspect)).not.toHaveProperty('unplaced');
    const searched = { ...via!, unplaced: undefined };
    const traits = { size: await imageSizeOf(work) };
    expect(detailHints(q, whole, null, thumb, via!, traits)).toEqual(detailHints(q, whole, null, thumb, searched, traits));
  });

  it('does not take two figures on the same radial gradient for a redraw, whose gradients agree around them', async () => {
    const q = await dq(await sharp(await portrait('chelsea.jpg', RADIAL, 0.4, 0.5, false)).jpeg({ quality: 85 }).toBuffer());
    const thumb = workDetail(await decodeForHash(await portrait('coffee.jpg', RADIAL, 0.4, 0.5, false)));
    // With both figures left out, the backdrop correlates as well as a true redraw's rest; its second differences do not.
    expect(redrawScores(q.luma, thumb, [REDRAW_THIN_KEPT])[0]!.score).toBeGreaterThan(REDRAW_MIN_THIN);
    expect(verifyCandidate(q, null, thumb)).toBeNull();
  });

  it('lets the matcher find a redrawn quarter and a copy with borders, with the right hints', async () => {
    // Each of these copies was missed before this stage (the hash partial comparison and the plain detail check fail).
    const works: Work[] = [];
    for (const [id, file] of [['a', 'astronaut.jpg'], ['r', 'rocket.jpg'], ['s', 'starry-night.jpg']]) {
      const p = workFingerprints(await decodeFull(img(file!)));
      works.push({ id: id!, source: 'own', modelId: 'm', fingerprints: p.fingerprints, detail: p.detail, addedAt: '' });
    }
    const m = new Matcher({ creators: [], models: [model], works });
    const at = async (b: Buffer | string) => m.match(queryOf(await decodeForHash(b)), 'https://a.example/').map((h) => [h.workId, h.hints?.changes.map((c) => c.kind)]);
    expect(await at(await redrawn('astronaut.jpg', 0.5, 0.5))).toEqual([['a', ['redrawn']]]);
    expect(await at(await redrawn('rocket.jpg', 0.5, 0.5))).toEqual([['r', ['redrawn']]]);
    expect(await at(await bordered('starry-night.jpg', '#000000'))).toEqual([['s', ['border']]]);
    expect(await at(img('chelsea.jpg'))).toEqual([]);
    expect(await at(await redrawn('coffee.jpg', 0.25, 0.25))).toEqual([]);
  }, 60_000);
});
