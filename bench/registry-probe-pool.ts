/**
 * What the query's neighbour keys (key plan `probeFlips`) cost on real images that match nothing: every unrelated
 * image of the replay (BENCH_REPLAY_DIR's distractors) keyed as a work by its whole fingerprint, against every
 * other one's query keys (pairs of one source file, on two backdrops, and pairs within 23 bits, which the local
 * matcher may match, left out). Per probeFlips: query keys, the share of unrelated pairs sharing a key and the
 * stored keys a query meets per registered work: times the works of a registry, the keys that pass its filter
 * (each one a shard request unless two share a bucket). Whole fingerprints only: a registry keying crops too meets more.
 */
import { readFileSync } from 'node:fs';
import { HASH_WORDS, hexToWords, popcount32, type Query } from '../src/lib/match/index.js';
import { queryKeys, workKeys, type KeyPlan } from '../src/lib/registry/index.js';

const DIR = process.env.BENCH_REPLAY_DIR ?? '/tmp/license-lens-replay';
const pool = (JSON.parse(readFileSync(`${DIR}/distractors.json`, 'utf8')) as { label: string; q: Query }[]).filter((d) => d.q.quality >= 0);
const words = pool.map((d) => hexToWords(d.q.fingerprint));
const source = pool.map((d) => d.label.split(' on ')[0]!);
const near = (a: number, b: number) => {
  let d = 0;
  for (let t = 0; t < HASH_WORDS; t++) d += popcount32((words[a]![t]! ^ words[b]![t]!) >>> 0);
  return d <= 23;
};
for (const probeFlips of [0, 1, 2]) {
  const plan: KeyPlan = { minBits: 4, crops: true, filterBits: 12, probeFlips };
  const owners = new Map<number, number[]>();
  pool.forEach((d, i) => {
    for (const k of workKeys([d.q.fingerprint], plan)) (owners.get(k) ?? owners.set(k, []).get(k)!).push(i);
  });
  let pairs = 0;
  let sharing = 0;
  let keysMet = 0;
  let queryKeyCount = 0;
  let queries = 0;
  for (let i = 0; i < pool.length; i++) {
    const qk = queryKeys(pool[i]!.q, plan);
    if (!qk.length) continue;
    queries++;
    queryKeyCount += qk.length;
    const met = new Set<number>();
    for (const k of qk) for (const j of owners.get(k) ?? []) if (j !== i && source[j] !== source[i] && !near(i, j)) {
      met.add(j);
      keysMet++;
    }
    sharing += met.size;
    pairs += pool.length - 1;
  }
  console.log(JSON.stringify({ probeFlips, images: pool.length, queries, queryKeys: +(queryKeyCount / queries).toFixed(1), pairShare: +(sharing / pairs).toExponential(2), storedKeysMetPerWork: +(keysMet / pairs).toExponential(2) }));
}
