/**
 * The detail stage's cost of unmatched candidates, this tree against a baseline worktree in one process: each of
 * bench:index's unrelated queries (index.ts: the same generator, 20,000 works) against 13 other works' thumbnails, as
 * a lookup verifies about 13. `BENCH_BASELINE=<worktree> WHAT=plain|redraw|rot|all npx tsx bench/detail-stage-ab.ts`:
 * plain = passingDetail, redraw = redrawBelow at REDRAW_MIN, rot = rotatedMayMatch on the first 4, all =
 * verifyCandidate (page aspect 1.5, the first 4 tried turned). CPU per query, best of 5 alternating rounds after one.
 */
import { dataset, datasetQueries, DETAIL_BYTES } from './lib/index-dataset.js';

type Stage = typeof import('../src/lib/match/detail/detail-stage.js');
type Verify = typeof import('../src/lib/match/detail/detail-verify.js');
type Bound = typeof import('../src/lib/match/detail/redraw-bound.js');
const n = 20000;
const data = dataset(n, false);
const thumbAt = (w: number) => data.thumbs.subarray(w * DETAIL_BYTES, (w + 1) * DETAIL_BYTES);
const queries = datasetQueries(data, n).full.filter((_, i) => i % 2 === 0);
const trees = [process.env.BENCH_BASELINE ?? '..', '..'].map((t) => (t === '..' ? new URL('..', import.meta.url).pathname : t));
const load = async (t: string) => ({
  st: (await import(`${t}/src/lib/match/detail/detail-stage.ts`)) as Stage,
  dv: (await import(`${t}/src/lib/match/detail/detail-verify.ts`)) as Verify,
  rb: (await import(`${t}/src/lib/match/detail/redraw-bound.ts`)) as Bound,
});
const mods = [await load(trees[0]!), await load(trees[1]!)];
const what = process.env.WHAT ?? 'all';
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const res: number[][] = [[], []];
for (let r = 0; r < 6; r++) {
  for (const k of [0, 1]) {
    const { st, dv, rb } = mods[k]!;
    const dqs = queries.map((q) => dv.detailQueryOf(q.detail!)).filter((d) => d !== null);
    const t0 = cpu();
    let hits = 0;
    for (const [qi, dq] of dqs.entries()) {
      for (let c = 0; c < 13; c++) {
        const th = thumbAt((qi * 7919 + c * 104729) % n);
        const hit =
          what === 'plain' ? st.passingDetail(dq, th) : what === 'redraw' ? !rb.redrawBelow(dq.luma, th, st.REDRAW_MIN) : what === 'rot' ? c < 4 && st.rotatedMayMatch(dq, th, 1.5) : st.verifyCandidate(dq, null, th, null, 1.5, undefined, c < 4);
        if (hit) hits++;
      }
    }
    res[k]!.push((cpu() - t0) / dqs.length);
    if (r === 5) console.log(k ? 'this' : 'baseline', 'passed', hits);
  }
}
const best = res.map((a) => Math.min(...a.slice(1)));
console.log(`${what}: baseline ${best[0]!.toFixed(3)} ms, this ${best[1]!.toFixed(3)} ms a query; ratio ${(best[0]! / best[1]!).toFixed(2)}x`);
