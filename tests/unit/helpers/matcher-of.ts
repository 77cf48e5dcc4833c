/** A matcher of a few works built the way the benchmark registers them: the one way the matching tests build one. */
import { Matcher } from '../../../src/lib/match/matcher.js';
import { workFingerprints } from '../../../src/lib/match/hash/work-fingerprints.js';
import type { Work } from '../../../src/lib/types.js';
import { decodeFull, imageSizeOf } from '../../../src/node/decode.js';

/**
 * A matcher of these works (paths or bytes), each registered under its id, with detail, under one model;
 * `sizes`: each work also carries its image size, as a list the CLI builds does (bench:robustness registers so).
 */
export async function matcherOf(works: ReadonlyArray<readonly [id: string, src: string | Buffer]>, opts: { sizes?: boolean } = {}): Promise<Matcher> {
  const records: Work[] = await Promise.all(works.map(async ([id, src]) => {
    const print = workFingerprints(await decodeFull(src));
    const size = opts.sizes ? { size: await imageSizeOf(src) } : {};
    return { id, source: 'own' as const, modelId: 'm', fingerprints: print.fingerprints, detail: print.detail, ...size, addedAt: '' };
  }));
  return new Matcher({
    creators: [{ id: 'c', source: 'own', name: 'C' }],
    models: [{ id: 'm', source: 'own', creatorId: 'c', name: 'M', license: { personalUse: true, commercialUse: 'forbidden', attributionRequired: false, derivativesAllowed: false }, licensees: [] }],
    works: records,
  });
}
