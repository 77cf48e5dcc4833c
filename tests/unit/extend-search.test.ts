import { existsSync } from 'node:fs';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { fromBase64url } from '../../src/lib/base64url.js';
import { EXTENDED_MIN, FILL_DETAIL_MAX } from '../../src/lib/match/detail/extend/detail-extend.js';
import { detailBeside, pageSearchOf, searchPlacement } from '../../src/lib/match/detail/extend/extend-search.js';
import { WIDE_SIDE } from '../../src/lib/match/hash/detail-box.js';
import { thumbOf } from '../../src/lib/match/index.js';
import { Matcher } from '../../src/lib/match/matcher.js';
import { queryOf } from '../../src/lib/match/hash/query.js';
import { workFingerprints } from '../../src/lib/match/hash/work-fingerprints.js';
import { decodeForHash, decodeFull, imageSizeOf } from '../../src/node/decode.js';
import type { RegistryContent } from '../../src/lib/types.js';
import { demoImage } from './helpers/redrawn.js';
import { GEOMETRY_VARIANTS } from '../../bench/lib/geometry-variants.js';

const SLOW = 60_000;

/** A registry of the one work `id` (its bytes), with its size as lists carry it. */
async function registryOf(id: string, work: Buffer): Promise<RegistryContent> {
  const p = workFingerprints(await decodeFull(work));
  return {
    creators: [{ id: 'c', source: 'own', name: 'C' }],
    models: [{ id: 'm', source: 'own', creatorId: 'c', name: 'M', license: { personalUse: true, commercialUse: 'forbidden', attributionRequired: false, derivativesAllowed: false }, licensees: [] }],
    works: [{ id, source: 'own', modelId: 'm', fingerprints: p.fingerprints, detail: p.detail, size: await imageSizeOf(work), addedAt: '' }],
  };
}

/** bench:robustness's copy of corpus work `id` filling half of a larger canvas, made with the benchmark's `seed` (its index there). */
async function halfOutpainted(id: string, seed: number): Promise<{ work: Buffer; bytes: Buffer }> {
  const work = await sharp(`${SHARED}works/${id}`).toBuffer();
  const { width, height } = await sharp(work).metadata();
  const variant = GEOMETRY_VARIANTS.find((v) => v.name === 'outpainted, work 50% of area')!;
  return { work, bytes: await variant.make(work, width!, height!, seed) };
}
const SHARED = new URL('../../../shared/corpus/', import.meta.url).pathname;

/** `work` squeezed to `squeeze` of its width, on a canvas `grow` times as wide (at `at` of the free room), the rest a gradient. */
async function onGradient(work: Buffer, squeeze: number, grow: number, at: number): Promise<{ bytes: Buffer; box: number[] }> {
  const { width, height: h } = await sharp(work).metadata();
  const w = Math.round(width! * squeeze);
  const W = Math.round(width! * grow);
  const left = Math.round(at * (W - w));
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${h}"><defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="#47607a"/><stop offset="1" stop-color="#f2efe8"/></linearGradient></defs><rect width="100%" height="100%" fill="url(#g)"/></svg>`;
  const input = await sharp(work).resize(w, h!, { fit: 'fill' }).toBuffer();
  const bytes = await sharp(Buffer.from(svg)).composite([{ input, left, top: 0 }]).jpeg({ quality: 85 }).toBuffer();
  return { bytes, box: [left / W, 0, w / W, 1] };
}

/** The placement search's best for `work` (bytes) in the page image `bytes`, at the work's aspect. */
async function search(work: Buffer, bytes: Buffer) {
  const thumb = thumbOf(workFingerprints(await decodeFull(work)).detail)!;
  const q = queryOf(await decodeForHash(bytes), await imageSizeOf(bytes));
  const ws = await imageSizeOf(work);
  return searchPlacement(pageSearchOf(fromBase64url(q.wide!)), thumb, q.size!.width / q.size!.height / (ws.width / ws.height));
}

describe('the placement search for outpainted copies (extend-search.ts)', () => {
  it('finds the work at its own aspect inside a wider page image, within 3% of each side', async () => {
    const work = await sharp(demoImage('chelsea.jpg')).toBuffer();
    for (const at of [0, 0.6]) {
      const { bytes, box } = await onGradient(work, 1, 1.6, at);
      const s = await search(work, bytes);
      expect(s.score).toBeGreaterThan(0.9);
      for (const [i, v] of s.placement.entries()) expect(Math.abs(v - box[i]!), `${at}: ${s.placement.map((x) => x.toFixed(3)).join(',')}`).toBeLessThan(0.03);
    }
  }, SLOW);

  it('names no placement of another aspect than the work: the work squeezed to 70% of its width scores under 0.9', async () => {
    const work = await sharp(demoImage('chelsea.jpg')).toBuffer();
    const { bytes } = await onGradient(work, 0.7, 1.3, 0.5);
    expect((await search(work, bytes)).score).toBeLessThan(0.9);
  }, SLOW);

  it('measures the detail beside a placement against the detail inside it', () => {
    const n = WIDE_SIDE;
    const at = [0.25, 0.25, 0.5, 0.5] as const;
    const inside = (x: number, y: number) => x >= n / 4 && x < (3 * n) / 4 && y >= n / 4 && y < (3 * n) / 4;
    const grid = (f: (x: number, y: number) => number) => Uint8Array.from({ length: n * n }, (_, k) => f(k % n, Math.floor(k / n)));
    // A textured work on a smooth gradient fill: little detail beside it.
    const texture = (x: number, y: number) => ((x * 37 + y * 91) % 64) * 3;
    const outpainted = grid((x, y) => (inside(x, y) ? texture(x, y) : 60 + 3 * x + 2 * y));
    expect(detailBeside(pageSearchOf(outpainted), at)).toBeLessThan(0.2);
    // A plain disc-like shape on a checkerboard (d2985): its detail is all beside the placement.
    const checker = grid((x, y) => (inside(x, y) ? 128 + ((x + y) % 2) * 4 : ((x >> 1) + (y >> 1)) % 2 ? 40 : 90));
    expect(detailBeside(pageSearchOf(checker), at)).toBeGreaterThan(FILL_DETAIL_MAX);
  });

  // The corpus is not in the repository; in CI its absence is a failure, not a skip.
  it.skipIf(!existsSync(SHARED) && !process.env.CI)('matches no grey disc on a checkerboard as an outpainted retina photo (d2985, w0077)', async () => {
    const work = await sharp(`${SHARED}works/w0077.jpg`).toBuffer();
    const content = await registryOf('w0077', work);
    const bytes = await sharp(`${SHARED}distractors/d2985.jpg`).toBuffer();
    // The search does see the disc: it is the guard on the detail box that refuses it.
    expect((await search(work, bytes)).score).toBeGreaterThan(0.9);
    expect(new Matcher(content).match(queryOf(await decodeForHash(bytes), await imageSizeOf(bytes)), 'https://a.example/')).toEqual([]);
  }, SLOW);

  // Both from bench:robustness, where each was missed at 50% of the area.
  it.skipIf(!existsSync(SHARED) && !process.env.CI)('scores a work placed right by drawing it into the page grid: w0053 beside its blurred copy', async () => {
    // At 16x16 both sides resampled over the placement's sub-cell offset: 0.717 at the true place, under EXTENDED_MIN.
    const { work, bytes } = await halfOutpainted('w0053.jpg', 22);
    expect((await search(work, bytes)).score).toBeGreaterThanOrEqual(EXTENDED_MIN);
    const found = new Matcher(await registryOf('w0053', work)).match(queryOf(await decodeForHash(bytes), await imageSizeOf(bytes)), 'https://a.example/');
    expect(found.map((m) => m.workId)).toEqual(['w0053']);
  }, SLOW);

  it.skipIf(!existsSync(SHARED) && !process.env.CI)('makes a work filling half of the page image a candidate by the keys of its windows: w0057 on a gradient', async () => {
    // No key or hash of the whole page image came near the work's (key 0.58): it was never verified.
    const { work, bytes } = await halfOutpainted('w0057.jpg', 24);
    const q = queryOf(await decodeForHash(bytes), await imageSizeOf(bytes));
    const found = new Matcher(await registryOf('w0057', work)).match(q, 'https://a.example/');
    expect(found.map((m) => m.workId)).toEqual(['w0057']);
    expect(found[0]!.hints?.changes.map((c) => c.kind)).toContain('extended');
  }, SLOW);
});
