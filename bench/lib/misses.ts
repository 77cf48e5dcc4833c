/** For BENCH_MISSES: why a copy was missed, as the nearest distances a method could work from. */
import { hexToWords, popcount32 } from '../../src/lib/match/hash/bits.js';
import { flipWords, FLIPS } from '../../src/lib/match/hash/flip.js';
import { hashComplexity } from '../../src/lib/match/hash/quality.js';
import type { Query } from '../../src/lib/match/hash/query.js';
import type { Work } from '../../src/lib/types.js';
import { fromBase64url } from '../../src/lib/base64url.js';
import { detailQuery, verifyDetail } from '../../src/lib/match/detail/detail-verify.js';
import { keyDistance } from '../../src/lib/match/detail/detail-key.js';
import { redrawScore } from '../../src/lib/match/detail/detail-redraw.js';
import { detailKeysOf } from '../../src/lib/match/indexing/packed-registry.js';

const dist = (a: Uint32Array, b: Uint32Array) => a.reduce((n, w, i) => n + popcount32((w ^ b[i]!) >>> 0), 0);

export function missReport(q: Query, work: Work): string {
  const fps = work.fingerprints;
  const qw = hexToWords(q.fingerprint);
  const probes = [qw, ...FLIPS.map((f) => flipWords(qw, f))];
  if (q.trimmed) probes.push(hexToWords(q.trimmed));
  const stored = fps.map((f) => hexToWords(f));
  const whole = dist(qw, stored[0]!);
  let best = 256;
  let bestAt = '';
  probes.forEach((p, pi) => stored.forEach((s, si) => {
    const d = dist(p, s);
    if (d < best) [best, bestAt] = [d, `probe${pi}/fp${si}`];
  }));
  // Best single-word agreement (what wordCandidates finds): fewest differing bits on any word of any fingerprint.
  let word = 32;
  for (const p of probes.slice(0, 1)) for (const st of stored) for (let i = 0; i < 8; i++) word = Math.min(word, popcount32((p[i]! ^ st[i]!) >>> 0));
  let det = '';
  if (q.detail && work.detail) {
    const dq = detailQuery(fromBase64url(q.detail));
    const thumb = fromBase64url(work.detail);
    const keys = detailKeysOf([thumb]);
    const v = verifyDetail(dq, thumb);
    const inside = q.trimmedDetail ? verifyDetail(detailQuery(fromBase64url(q.trimmedDetail)), thumb).score.toFixed(2) : '-';
    det = `detail ${v.score.toFixed(2)} ${v.flip ?? ''}${v.frame.join(',')}, inside borders ${inside}, redraw ${redrawScore(dq.luma, thumb).score.toFixed(2)}, key ${Math.min(...dq.keys.map((k) => keyDistance(k, keys))).toFixed(2)}, energy ${dq.energy.toFixed(1)}, `;
  }
  return `${det}word ${word}, whole ${whole}, nearest ${best} (${bestAt}), q ${q.quality}, cq ${hashComplexity(qw)}, cw ${hashComplexity(stored[0]!)}`;
}
