/**
 * `npx tsx bench/fit-slots.ts`: of bench:index's 400 queries at 1M fingerprints (lookup-ab.ts's, with a page image's
 * size), how many leave no verification slot to the fit candidates (lookup-phases.ts freeCandidates reaches
 * MAX_VERIFIED, so the fit probes and keys are not looked up), and in how many the fit candidates found any work.
 */
import { Matcher } from '../src/lib/match/matcher.js';
import { dataset, datasetQueries, MODEL } from './lib/index-dataset.js';
import { freeCandidates } from '../src/lib/match/lookup-phases.js';
import { MAX_VERIFIED } from '../src/lib/match/detail/detail-verify.js';
const n = 1000000;
for (const clustered of [false, true]) {
  const data = dataset(n, clustered);
  const m = new Matcher({ creators: [], models: [MODEL] }, data.packed);
  const qs = datasetQueries(data, n).full.map((q) => ({ ...q, size: { width: 1200, height: 800 } }));
  let full = 0, fitLooked = 0; const hist: number[] = [];
  qs.forEach((q) => { const p = m.prepare(q); const f = freeCandidates(p, m.packed.hasDetail); if (f >= MAX_VERIFIED) full++; hist.push(f); if (p.fitKeyed.size || p.fitLoose.size) fitLooked++; });
  const copies = hist.filter((_, i) => i % 2 === 1), unrelated = hist.filter((_, i) => i % 2 === 0);
  console.log(`${clustered ? 'clustered' : 'random'}: slots full in ${full}/400 (copies ${copies.filter((f) => f >= MAX_VERIFIED).length}/200, unrelated ${unrelated.filter((f) => f >= MAX_VERIFIED).length}/200); with fit candidates found ${fitLooked}`);
}
