/**
 * Turned keys (turned-keys.ts): the detail key of a page image holding a work turned 5 degrees, read back into the
 * work's frame, comes near its work's stored key where the plain key does not, and stays far from an unrelated work's.
 */
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { TURNED_MAX, turnedKeys } from '../../src/lib/match/detail/rotate/turned-keys.js';
import { detailKey, grid8, keyDistance } from '../../src/lib/match/detail/detail-key.js';
import { detailQueryOf, KEY_MAX } from '../../src/lib/match/detail/detail-verify.js';
import { DETAIL_SIDE } from '../../src/lib/match/detail/luma-thumb.js';
import { workFingerprints } from '../../src/lib/match/hash/work-fingerprints.js';
import { queryOf } from '../../src/lib/match/hash/query.js';
import { fromBase64url } from '../../src/lib/base64url.js';
import { decodeForHash, decodeFull, imageSizeOf } from '../../src/node/decode.js';
import { turnedOn } from './helpers/turned.js';

const img = (name: string) => new URL(`../../demo/images/${name}`, import.meta.url).pathname;
const workKey = async (path: string) => detailKey(grid8(fromBase64url(workFingerprints(await decodeFull(path)).detail!), DETAIL_SIDE));
const nearest = (keys: Uint32Array[], work: Uint32Array) => Math.min(1, ...keys.map((k) => keyDistance(k, work)));

async function pageOf(bytes: Buffer) {
  const size = await imageSizeOf(bytes);
  return { dq: detailQueryOf(queryOf(await decodeForHash(bytes), size).detail!)!, aspect: size.width / size.height };
}

describe('turned keys', () => {
  it('bring a copy turned 5 degrees on white or black to its work\'s key, and no other work\'s', async () => {
    const rocket = await workKey(img('rocket.jpg'));
    const coffee = await workKey(img('coffee.jpg'));
    for (const deg of [5, -5]) {
      for (const fill of ['#ffffff', '#000000']) {
        const { dq, aspect } = await pageOf(await turnedOn(img('rocket.jpg'), deg, fill));
        const keys = turnedKeys(dq.luma, aspect);
        expect(keys).toHaveLength(2);
        if (fill === '#ffffff') expect(nearest(dq.keys, rocket), `${deg}: the plain key is too far`).toBeGreaterThan(KEY_MAX);
        expect(nearest(keys, rocket), `${fill} ${deg}`).toBeLessThanOrEqual(TURNED_MAX);
        expect(nearest(keys, coffee), `${fill} ${deg}`).toBeGreaterThan(KEY_MAX);
      }
    }
  }, 60_000);

  it('are made only when the page image\'s aspect is known and its corners hold a flat fill', async () => {
    const turned = await pageOf(await turnedOn(img('rocket.jpg'), 5, '#ffffff', 80));
    expect(turnedKeys(turned.dq.luma, undefined)).toEqual([]);
    expect(turnedKeys(turned.dq.luma, turned.aspect)).toHaveLength(2);
    const plain = await pageOf(await sharp(img('rocket.jpg')).jpeg().toBuffer());
    expect(turnedKeys(plain.dq.luma, plain.aspect)).toEqual([]);
  });
});
