/**
 * Turned keys (turned-keys.ts): a page image's detail key read back into the frame of a work turned 5 degrees comes
 * near its work's stored key where the plain key does not, and stays far from an unrelated work's.
 */
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { turnedKeys } from '../../src/lib/match/detail/turned-keys.js';
import { detailKey, grid8, keyDistance } from '../../src/lib/match/detail/detail-key.js';
import { detailQueryOf, KEY_MAX } from '../../src/lib/match/detail/detail-verify.js';
import { DETAIL_SIDE } from '../../src/lib/match/detail/luma-thumb.js';
import { workFingerprints } from '../../src/lib/match/hash/work-fingerprints.js';
import { queryOf } from '../../src/lib/match/hash/query.js';
import { fromBase64url } from '../../src/lib/base64url.js';
import { decodeForHash, decodeFull, imageSizeOf } from '../../src/node/decode.js';

const img = (name: string) => new URL(`../../demo/images/${name}`, import.meta.url).pathname;
const workKey = async (path: string) => detailKey(grid8(fromBase64url(workFingerprints(await decodeFull(path)).detail!), DETAIL_SIDE));
const nearest = (keys: Uint32Array[], work: Uint32Array) => Math.min(1, ...keys.map((k) => keyDistance(k, work)));

async function pageOf(bytes: Buffer) {
  const size = await imageSizeOf(bytes);
  return { dq: detailQueryOf(queryOf(await decodeForHash(bytes), size).detail!)!, aspect: size.width / size.height };
}

describe('turned keys', () => {
  it('bring a copy turned 5 degrees, on white or cropped to fit, to its work\'s key, and no other work\'s', async () => {
    const rocket = await workKey(img('rocket.jpg'));
    const coffee = await workKey(img('coffee.jpg'));
    const { width = 1, height = 1 } = await sharp(img('rocket.jpg')).metadata();
    for (const deg of [5, -5]) {
      const turned = await sharp(img('rocket.jpg')).rotate(deg, { background: { r: 0, g: 0, b: 0, alpha: 0 } }).png().toBuffer({ resolveWithObject: true });
      const white = await sharp(turned.data).flatten({ background: '#ffffff' }).jpeg({ quality: 85 }).toBuffer();
      // Cropped to fit: the largest centred rectangle of the work's aspect inside the turned work (0.85 of it here).
      const [cw, ch] = [Math.floor(width * 0.85), Math.floor(height * 0.85)];
      const left = Math.round((turned.info.width - cw) / 2);
      const top = Math.round((turned.info.height - ch) / 2);
      const fit = await sharp(turned.data).extract({ left, top, width: cw, height: ch }).resize(width, height).jpeg({ quality: 85 }).toBuffer();
      for (const [how, bytes] of [['on white', white], ['cropped to fit', fit]] as const) {
        const { dq, aspect } = await pageOf(bytes);
        const keys = turnedKeys(dq.luma, aspect);
        expect(keys).toHaveLength(4);
        if (how === 'on white') expect(nearest(dq.keys, rocket), `${deg}: the plain key is too far`).toBeGreaterThan(KEY_MAX);
        expect(nearest(keys, rocket), `${how} ${deg}`).toBeLessThanOrEqual(0.05);
        expect(nearest(keys, coffee), `${how} ${deg}`).toBeGreaterThan(KEY_MAX);
      }
    }
  }, 60_000);

  it('are made only when the page image\'s aspect is known', async () => {
    const { dq } = await pageOf(await sharp(img('rocket.jpg')).jpeg().toBuffer());
    expect(turnedKeys(dq.luma, undefined)).toEqual([]);
    expect(turnedKeys(dq.luma, 1.5)).toHaveLength(4);
  });
});
