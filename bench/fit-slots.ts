/**
 * `npx tsx bench/fit-slots.ts`: of bench:index's 400 queries at 1M fingerprints (lookup-ab.ts's, with a page image's
 * size), how many leave no verification slot to the fit candidates (lookup-phases.ts freeCandidates reaches
 * MAX_VERIFIED, so the fit probes and keys are not looked up), and in how many the fit candidates found any work.
 * With BENCH_BASELINE=<worktree>: the work a lookup does there and here, counted, not timed (fingerprint-index entries
 * read, key-index buckets probed, work keys compared, thumbnails named for the detail stage), this tree's queries also
 * with two fit probes (as lookup-ab.ts BENCH_FIT_PROBES=1).
 */
import { Matcher } from '../src/lib/match/matcher.js';
import type { Query } from '../src/lib/match/hash/query.js';
import { dataset, datasetQueries, MODEL } from './lib/index-dataset.js';
import { freeCandidates } from '../src/lib/match/lookup-phases.js';
import { MAX_VERIFIED } from '../src/lib/match/detail/detail-verify.js';

const n = 1000000;
const Base = process.env.BENCH_BASELINE ? ((await import(`${process.env.BENCH_BASELINE}/src/lib/match/matcher.ts`)) as { Matcher: typeof Matcher }).Matcher : undefined;
const flipped = (hex: string, from: number) => [...hex].map((ch, i) => (i % 4 === from >> 2 ? (parseInt(ch, 16) ^ (1 << (from & 3))).toString(16) : ch)).join('');
/** Counted work of `m` over the queries: per lookup. */
function work(m: Matcher, qs: Query[]): string {
  const keyIndex = m.keys.keyIndex;
  const [e0, b0, c0] = [m.index.entriesRead, keyIndex?.probes ?? 0, m.keys.compared];
  let needs = 0;
  for (const q of qs) needs += m.prepare(q).needs.length;
  const per = (x: number) => (x / qs.length).toFixed(1);
  return `index entries ${per(m.index.entriesRead - e0)}, key buckets ${per((keyIndex?.probes ?? 0) - b0)}, keys compared ${per(m.keys.compared - c0)}, thumbnails named ${per(needs)}`;
}
for (const clustered of [false, true]) {
  const data = dataset(n, clustered);
  const m = new Matcher({ creators: [], models: [MODEL] }, data.packed);
  const qs = datasetQueries(data, n).full.map((q) => ({ ...q, size: { width: 1200, height: 800 } }));
  let full = 0;
  let fitFound = 0;
  const free: number[] = [];
  for (const q of qs) {
    const p = m.prepare(q);
    const f = freeCandidates(p, m.packed.hasDetail);
    free.push(f);
    if (f >= MAX_VERIFIED) full++;
    if (p.fitKeyed.size || p.fitLoose.size) fitFound++;
  }
  const fullOf = (odd: number) => free.filter((f, i) => i % 2 === odd && f >= MAX_VERIFIED).length;
  const name = clustered ? 'clustered' : 'random';
  console.log(`${name}: slots full in ${full}/400 (copies ${fullOf(1)}/200, unrelated ${fullOf(0)}/200); with fit candidates found ${fitFound}`);
  if (Base) {
    const base = new Base({ creators: [], models: [MODEL] }, data.packed) as unknown as Matcher;
    console.log(`${name} baseline: ${work(base, qs)}`);
    console.log(`${name} this: ${work(m, qs)}`);
    console.log(`${name} this, two fit probes: ${work(m, qs.map((q) => ({ ...q, fit: [flipped(q.fingerprint, 0), flipped(q.fingerprint, 9)] })))}`);
  }
}
