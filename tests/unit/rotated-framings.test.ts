/**
 * The rotated framings a candidate costs (detail-rotate.ts, detail-geometry.ts): with the page image's aspect known
 * (Query.size), a quarter of them, and the same verdicts as with every assumed aspect.
 */
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { ANGLES, rotatedGrids } from '../../src/lib/match/detail/detail-rotate.js';
import { rotatedMatch } from '../../src/lib/match/detail/detail-geometry.js';
import { detailQueryOf } from '../../src/lib/match/detail/detail-verify.js';
import { workDetail } from '../../src/lib/match/detail/luma-thumb.js';
import { reduceForHash } from '../../src/lib/match/hash/fingerprint.js';
import { queryOf } from '../../src/lib/match/hash/query.js';
import { decodeForHash, decodeFull, imageSizeOf } from '../../src/node/decode.js';

const img = (name: string) => new URL(`../../demo/images/${name}`, import.meta.url).pathname;

async function detailOf(bytes: Buffer) {
  const size = await imageSizeOf(bytes);
  const dq = detailQueryOf(queryOf(await decodeForHash(bytes), size).detail!)!;
  return { dq, aspect: size.width / size.height };
}

describe('rotated framings', () => {
  it('a page of known aspect costs one framing per angle and framing kind, not one per assumed work aspect too', () => {
    expect(rotatedGrids().length).toBe(ANGLES.length * 4 * 3);
    expect(rotatedGrids(1.5).length).toBe(ANGLES.length * 3);
    expect(rotatedGrids(1.5)).toBe(rotatedGrids(1.5)); // worked out once per aspect
  });

  it('finds a rotated copy at the same angle with the page aspect as with every assumed aspect, and no unrelated work', async () => {
    const thumb = workDetail(reduceForHash(await decodeFull(img('astronaut.jpg'))));
    for (const [deg, fill] of [[2, '#ffffff'], [-5, '#000000']] as const) {
      const r = await sharp(img('astronaut.jpg')).rotate(deg, { background: fill }).png().toBuffer();
      const { dq, aspect } = await detailOf(await sharp(r).flatten({ background: fill }).jpeg({ quality: 85 }).toBuffer());
      const every = rotatedMatch(dq, thumb, 0.9);
      expect(every?.angle).toBe(deg);
      expect(rotatedMatch(dq, thumb, 0.9, aspect)?.angle).toBe(deg);
    }
    const other = await detailOf(await sharp(img('coffee.jpg')).jpeg().toBuffer());
    expect(rotatedMatch(other.dq, thumb, 0.9, other.aspect)).toBeNull();
  }, 60_000);
});
