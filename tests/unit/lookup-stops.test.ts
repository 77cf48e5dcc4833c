import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { Matcher } from '../../src/lib/match/matcher.js';
import { queryOf } from '../../src/lib/match/hash/query.js';
import type { Work } from '../../src/lib/types.js';
import { workFingerprints } from '../../src/lib/match/hash/work-fingerprints.js';
import { decodeForHash, decodeFull } from '../../src/node/decode.js';

const img = (name: string) => new URL(`../../demo/images/${name}`, import.meta.url).pathname;
const model = { id: 'm', source: 'own' as const, creatorId: 'c', name: 'M', license: { personalUse: true, commercialUse: 'forbidden' as const, attributionRequired: false, derivativesAllowed: false }, licensees: [] };

/** A work with `hashOf`'s fingerprints and `detailOf`'s detail thumbnail. */
async function work(id: string, hashOf: string, detailOf: string): Promise<Work> {
  const [h, d] = [workFingerprints(await decodeFull(img(hashOf))), workFingerprints(await decodeFull(img(detailOf)))];
  return { id, source: 'own', modelId: 'm', fingerprints: h.fingerprints, detail: d.detail, addedAt: '' };
}

// A hash match does not end the lookup: works with the same thumbnail stand for a second work (the same picture
// claimed by another publisher, registered from another file) that only the detail stage verifies. Skipping the
// detail stage after a hash match made lookups 1.18x faster at 1M and lost these (docs/benchmarks-history.md, h-lookup).
describe('a lookup after a hash match', () => {
  it('still verifies the detail candidates, so every claim is shown', async () => {
    const m = new Matcher({ creators: [], models: [model], works: [await work('hashed', 'chelsea.jpg', 'chelsea.jpg'), await work('twin', 'rocket.jpg', 'chelsea.jpg'), await work('twin2', 'coffee.jpg', 'chelsea.jpg')] });
    const copy = queryOf(await decodeForHash(await sharp(img('chelsea.jpg')).modulate({ brightness: 0.9 }).jpeg().toBuffer()));
    expect(m.match(copy, 'https://a.example/').map((h) => h.workId).sort()).toEqual(['hashed', 'twin', 'twin2']);
  }, 60_000);
});
