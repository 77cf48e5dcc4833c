/**
 * The detail-key stage alone (key-index.ts), this tree's against a baseline worktree's in one process: every
 * KeyStage.candidates call the 400 lookups of lookup-ab.ts make (page size 1200x800), replayed in alternating rounds:
 * CPU per lookup (best of the rounds) and whether every result is the same.
 * `BENCH_BASELINE=<worktree> N=10000000 npx tsx bench/key-index-ab.ts`.
 */
import type { KeyStage } from '../src/lib/match/indexing/key-stage.js';
import { Matcher } from '../src/lib/match/matcher.js';
import { dataset, datasetQueries, MODEL } from './lib/index-dataset.js';
const n = Number(process.env.N ?? 1000000);
const data = dataset(n, process.env.CL === '1');
const Base = ((await import(`${process.env.BENCH_BASELINE}/src/lib/match/matcher.ts`)) as { Matcher: typeof Matcher }).Matcher;
const mine = new Matcher({ creators: [], models: [MODEL] }, data.packed);
const base = new Base({ creators: [], models: [MODEL] }, data.packed);
const queries = datasetQueries(data, n).full.map((q) => ({ ...q, size: { width: 1200, height: 800 } }));
const calls: [Uint32Array[], Uint32Array[]][] = [];
const stage: KeyStage = mine.keys;
const orig = stage.candidates.bind(stage);
stage.candidates = (k: readonly Uint32Array[], e: readonly Uint32Array[] = []) => (calls.push([[...k], [...e]]), orig(k, e));
for (const q of queries) mine.prepare(q);
stage.candidates = orig;
const best = { base: Infinity, mine: Infinity };
let same = true;
for (let r = 0; r < Number(process.env.ROUNDS ?? 7); r++) {
  const outs: Record<string, string> = {};
  for (const [name, m] of [['base', base], ['mine', mine]] as const) {
    const c = process.cpuUsage();
    const out = calls.map(([k, e]) => m.keys.candidates(k, e));
    const u = process.cpuUsage(c);
    best[name] = Math.min(best[name], (u.user + u.system) / 1000 / queries.length);
    outs[name] = JSON.stringify(out.map((o) => [...o]));
  }
  same &&= outs.base === outs.mine;
}
console.log(`n ${n} key stage CPU per lookup (best): base ${best.base.toFixed(3)} ms, this ${best.mine.toFixed(3)} ms, ratio ${(best.base / best.mine).toFixed(2)}x, same ${same}`);
