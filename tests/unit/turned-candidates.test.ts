/**
 * The rotated framings are tried on the first MAX_TURNED candidates only, and on any candidate whose key or hash came
 * near (detail-stage.ts `turnedNear`): a turned copy whose work is verified later, behind unrelated works with the same
 * key and hash (as at 1M works), is still found.
 */
import { describe, expect, it } from 'vitest';
import { Matcher } from '../../src/lib/match/matcher.js';
import { queryOf } from '../../src/lib/match/hash/query.js';
import { workFingerprints } from '../../src/lib/match/hash/work-fingerprints.js';
import { detailCandidates, MAX_TURNED } from '../../src/lib/match/detail/detail-stage.js';
import { fromBase64url, toBase64url } from '../../src/lib/base64url.js';
import { decodeForHash, decodeFull, imageSizeOf } from '../../src/node/decode.js';
import type { Work } from '../../src/lib/types.js';
import { croppedToFit, turnedOn } from './helpers/turned.js';
import { CORPUS, corpusPresent } from './helpers/corpus-golden.js';

const img = (name: string) => new URL(`../../demo/images/${name}`, import.meta.url).pathname;
const model = { id: 'm', source: 'own' as const, creatorId: 'c', name: 'M', license: { personalUse: true, commercialUse: 'forbidden' as const, attributionRequired: false, derivativesAllowed: false }, licensees: [] };
const DECOYS = 8;
const CI = process.env.CI === 'true';

/**
 * A 32x32 work thumbnail with the query's 16x16 luminance's 8x8 grid, so its detail key, but +-40 in a checkerboard
 * of 2x2 cells inside every 4x4 block: unrelated detail, which no framing, plain or rotated, agrees with.
 */
function decoyDetail(q16: Uint8Array): string {
  const out = new Uint8Array(32 * 32);
  for (let y = 0; y < 32; y++) {
    for (let x = 0; x < 32; x++) out[y * 32 + x] = Math.max(0, Math.min(255, q16[(y >> 1) * 16 + (x >> 1)]! + (((x >> 1) ^ (y >> 1)) & 1 ? -40 : 40)));
  }
  return toBase64url(out);
}

describe('a turned copy verified after the first MAX_TURNED candidates', () => {
  it('is still found when unrelated works with its key and its turned hash come first', async () => {
    // Without turnedNear, rocket.jpg at 5 degrees and coffee.jpg at 2 were lost (found by rotated framings alone).
    const cases = [['rocket.jpg', 5, '#ffffff'], ['coffee.jpg', 5, '#ffffff'], ['coffee.jpg', -5, '#000000'], ['chelsea.jpg', -2, '#000000'], ['coffee.jpg', 2, '#ffffff']] as const;
    for (const [file, deg, fill] of cases) {
      const bytes = await turnedOn(img(file), deg, fill);
      const q = queryOf(await decodeForHash(bytes), await imageSizeOf(bytes));
      const q16 = fromBase64url(q.detail!);
      // The decoys' hashes: the query's turned back (turned-hash.ts, when its corners are flat), hash candidates at 0 bits;
      // else the query's own 4 bits off, a hash match the detail rejects that comes back as a word candidate.
      const hashes = q.turned?.length ? q.turned : [q.fingerprint.replace(/^./, (c) => (parseInt(c, 16) ^ 15).toString(16))];
      const works: Work[] = Array.from({ length: DECOYS }, (_, i) => ({ id: `decoy${i}`, source: 'own' as const, modelId: 'm', fingerprints: [hashes[i % hashes.length]!], detail: decoyDetail(q16), addedAt: '' }));
      const print = workFingerprints(await decodeFull(img(file)));
      // Registered last: ties in key or hash distance put the decoys first.
      works.push({ id: file, source: 'own', modelId: 'm', fingerprints: print.fingerprints, detail: print.detail, size: await imageSizeOf(img(file)), addedAt: '' });
      const m = new Matcher({ creators: [{ id: 'c', source: 'own', name: 'C' }], models: [model], works });
      const p = m.prepare(q);
      expect(detailCandidates(p.keyed, p.loose).indexOf(DECOYS), `${file} ${deg}`).toBeGreaterThanOrEqual(MAX_TURNED);
      const found = m.match(q, 'https://a.example/');
      expect(found.map((h) => h.workId), `${file} ${deg}`).toEqual([file]);
      expect(found[0]!.hints?.changes).toContainEqual({ kind: 'rotated', degrees: deg });
    }
  }, 60_000);

  // A copy cropped to fit is a candidate through the fit probes or fit keys only (prepare.ts), verified after the key
  // and hash candidates: those are near by construction (16 bits, TURNED_MAX), so it is still tried turned.
  it.skipIf(!corpusPresent() && !CI)('is still found when it was a fit candidate only, behind unrelated key candidates', async () => {
    for (const [id, deg] of [['w0112.jpg', -2], ['w0079.jpg', -5]] as const) {
      const bytes = await croppedToFit(`${CORPUS}works/${id}`, deg);
      const q = queryOf(await decodeForHash(bytes), await imageSizeOf(bytes));
      const decoy = decoyDetail(fromBase64url(q.detail!));
      const far = q.fingerprint.replace(/^..../, (c) => (parseInt(c, 16) ^ 0xffff).toString(16).padStart(4, '0'));
      const works: Work[] = Array.from({ length: DECOYS }, (_, i) => ({ id: `decoy${i}`, source: 'own' as const, modelId: 'm', fingerprints: [far], detail: decoy, addedAt: '' }));
      const print = workFingerprints(await decodeFull(`${CORPUS}works/${id}`));
      works.push({ id, source: 'own', modelId: 'm', fingerprints: print.fingerprints, detail: print.detail, size: await imageSizeOf(`${CORPUS}works/${id}`), addedAt: '' });
      const m = new Matcher({ creators: [{ id: 'c', source: 'own', name: 'C' }], models: [model], works });
      const p = m.prepare(q);
      expect(p.keyed.has(DECOYS) || p.loose.has(DECOYS), id).toBe(false);
      expect(detailCandidates(p.keyed, p.loose, p.fitKeyed, p.fitLoose).indexOf(DECOYS), id).toBeGreaterThanOrEqual(MAX_TURNED);
      const found = m.match(q, 'https://a.example/');
      expect(found.map((h) => h.workId), id).toEqual([id]);
    }
  }, 60_000);
});
