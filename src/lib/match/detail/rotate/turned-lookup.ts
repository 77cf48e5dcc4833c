/**
 * Where the turned hash probes (turned-hash.ts, Query.turned) meet the fingerprint index: the matcher's first phase
 * (prepare.ts) adds the works they come near to its hash candidates. Apart from turned-hash.ts so that the query
 * (hash/query.ts) does not depend on the index. Pure.
 */
import { hexToWords } from '../../hash/bits.js';
import type { FingerprintIndex } from '../../indexing/fingerprint-index.js';

/**
 * The works a query's turned hash probes (Query.turned) come within `radius` of, added to `loose` (work -> nearest
 * distance): candidates only, whatever the distance, since a turned probe is a guess the detail stage checks.
 */
export function turnedHashCandidates(turned: readonly string[] | undefined, index: FingerprintIndex, radius: number, loose: Map<number, number>): void {
  for (const t of turned ?? []) {
    for (const hit of index.search(hexToWords(t), radius)) {
      const { work } = index.owner(hit.fp);
      loose.set(work, Math.min(loose.get(work) ?? 256, hit.distance));
    }
  }
}
