/**
 * The trade-off behind the whole lookup's median target (issue 23: < 1 ms at 1M): a lookup that verified at most K
 * candidates of each source (key, hash and fit candidates; the shipped matcher verifies up to MAX_VERIFIED, 12) would
 * cost less and find fewer copies (works tied at the K-th distance get their thumbnails too, as under the shipped rule).
 * One registry: the robustness benchmark's recorded works (bench/robustness-record.ts, BENCH_REPLAY_DIR) among random
 * works to N fingerprints (bench/lib/index-dataset.ts). For each K:
 * - the wall median and p99 of bench:index's 400 queries (half copies) with a page size, as bench/lookup-ab.ts
 *   BENCH_PAGE_SIZE=1200x800 times them (rounds alternate between the K, so a noisy minute hits all alike);
 * - of the recorded copies the shipped matcher finds in this crowd, how many it still finds (portraits apart).
 * K=12 is the shipped matcher. `BENCH_REPLAY_DIR=<dir> [N=1000000] npx tsx bench/lookup-tradeoff.ts`; N=0 registers the
 * recorded works alone (verdicts only): there the crowd is theirs, portraits on like backdrops, not random thumbnails.
 */
import { readFileSync } from 'node:fs';
import { Matcher } from '../src/lib/match/matcher.js';
import type { Query } from '../src/lib/match/hash/query.js';
import { MAX_VERIFIED } from '../src/lib/match/detail/detail-verify.js';
import { HASH_WORDS } from '../src/lib/match/hash/bits.js';
import { type Prepared, thumbsNeeded, type Thumbs } from '../src/lib/match/lookup-phases.js';
import { indexableWorks, narrowIndexes, packRegistry, thumbOf, type PackedRegistry } from '../src/lib/match/indexing/packed-registry.js';
import { traitsOf } from '../src/lib/match/hints/work-traits.js';
import type { RegistryContent } from '../src/lib/types.js';
import { dataset, datasetQueries, DETAIL_BYTES, MODEL } from './lib/index-dataset.js';

const DIR = process.env.BENCH_REPLAY_DIR ?? '/tmp/license-lens-replay';
const N = Number(process.env.N ?? 1_000_000);
const CAPS = [MAX_VERIFIED, 9, 6, 4, 3, 2, 1, 0];
const ROUNDS = 5;
const PAGE_SIZE = { width: 1200, height: 800 };

const { works, variants } = JSON.parse(readFileSync(`${DIR}/works.json`, 'utf8')) as { works: RegistryContent['works']; variants: { name: string; id: string; set: string; q: Query }[] };
const content: RegistryContent = { creators: [], models: [MODEL], works: works.map((w) => ({ ...w, modelId: MODEL.id })) };
const recorded = indexableWorks(content);
const rec = packRegistry(content);
const R = rec.workIds.length;
const data = dataset(Math.max(0, N - rec.starts[R]!), false);
const D = data.packed.workIds.length;

/** The recorded works first, then the random ones: one registry, one index. */
function merged(a: PackedRegistry, b: PackedRegistry): PackedRegistry {
  const [na, nb] = [a.workIds.length, b.workIds.length];
  const [fa, fb] = [a.starts[na]!, b.starts[nb]!];
  const starts = new Uint32Array(na + nb + 1);
  starts.set(a.starts.subarray(0, na));
  for (let w = 0; w <= nb; w++) starts[na + w] = fa + b.starts[w]!;
  const hashes = new Uint32Array((fa + fb) * HASH_WORDS);
  hashes.set(a.hashes.subarray(0, fa * HASH_WORDS));
  hashes.set(b.hashes.subarray(0, fb * HASH_WORDS), fa * HASH_WORDS);
  const detailKeys = new Uint32Array(a.detailKeys.length + b.detailKeys.length);
  detailKeys.set(a.detailKeys);
  detailKeys.set(b.detailKeys, a.detailKeys.length);
  const hasDetail = new Uint8Array(na + nb);
  hasDetail.set(a.hasDetail);
  hasDetail.set(b.hasDetail, na);
  return { workIds: [...a.workIds, ...b.workIds], starts, hashes, workModel: narrowIndexes(na + nb, 1, () => 0), modelIds: [MODEL.id], detailKeys, hasDetail };
}

const packed = merged(rec, data.packed);
const matcher = new Matcher({ creators: [], models: [MODEL] }, packed);
const recThumbs = recorded.map((w) => thumbOf(w.detail));
const thumbAt = (w: number) => (w < R ? recThumbs[w]! : data.thumbs.subarray((w - R) * DETAIL_BYTES, (w - R + 1) * DETAIL_BYTES));
/** What a lookup verifying at most `cap` a source reads: the works outside it read as having no thumbnail. */
const thumbsFor = (p: Prepared, cap: number): Thumbs => {
  const needs = new Set(cap >= MAX_VERIFIED ? p.needs : thumbsNeeded(p, packed.hasDetail, cap));
  return Object.assign((w: number) => (needs.has(w) ? thumbAt(w) : null), { traits: (w: number) => (w < R ? traitsOf(recorded[w]) : undefined) });
};
const lookup = (q: Query, cap: number) => {
  const p = matcher.prepare(q);
  return matcher.finish(p, thumbsFor(p, cap));
};

// Verdicts: the recorded copies the shipped matcher finds among the crowd, then each cap's share of them.
const found = new Map<number, string[]>(CAPS.map((k) => [k, []]));
let shipped = 0;
for (const v of variants) {
  const own = rec.workIds.indexOf(v.id);
  if (!lookup(v.q, MAX_VERIFIED).has(own)) continue;
  shipped++;
  for (const k of CAPS) if (k === MAX_VERIFIED || lookup(v.q, k).has(own)) found.get(k)!.push(v.set);
}

// Speed: bench:index's queries with a page size, the caps in alternating rounds (the first round warms up).
// N=0: the recorded works alone (their own crowd: portraits on like backdrops), verdicts only.
const queries = D > 0 ? datasetQueries(data, N).full.map((q) => ({ ...q, size: PAGE_SIZE })) : [];
const walls = new Map<number, number[]>(CAPS.map((k) => [k, []]));
for (let round = 0; round < ROUNDS; round++) {
  for (const k of CAPS) {
    for (const q of queries) {
      const t = performance.now();
      lookup(q, k);
      if (round > 0) walls.get(k)!.push(performance.now() - t);
    }
  }
}

const at = (a: number[], f: number) => [...a].sort((x, y) => x - y)[Math.min(a.length - 1, Math.floor(f * a.length))] ?? NaN;
const portraits = variants.filter((v) => v.set === 'portraits').length;
console.log(`${packed.starts[R + D]} fingerprints (${R} recorded works, ${D} random); ${variants.length} recorded copies (${portraits} of portraits), ${shipped} found by the shipped matcher (K=${MAX_VERIFIED})`);
console.log(`K   median ms  p99 ms  vs K=${MAX_VERIFIED}   copies found  of them portraits  lost`);
const base = at(walls.get(MAX_VERIFIED)!, 0.5);
for (const k of CAPS) {
  const w = walls.get(k)!;
  const f = found.get(k)!;
  const lost = shipped - f.length;
  console.log(
    `${String(k).padEnd(3)} ${at(w, 0.5).toFixed(2).padStart(9)} ${at(w, 0.99).toFixed(2).padStart(7)} ${(base / at(w, 0.5)).toFixed(2).padStart(7)}x   ${String(f.length).padStart(5)} (${((100 * f.length) / shipped).toFixed(1)}%)  ${String(f.filter((set) => set === 'portraits').length).padStart(10)}  ${lost}`,
  );
}
