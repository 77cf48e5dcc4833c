/**
 * The fingerprint index alone (search at radius 20, then the matcher's radius-23 search with word candidates) on
 * bench:index's data, this tree's FingerprintIndex against a baseline worktree's on the same fingerprints, query by
 * query in turn: CPU per query (best of the rounds), the ratios, and whether every result is the same.
 * `BENCH_BASELINE=<worktree> BENCH_SIZES=1000000 npx tsx bench/index-layout-ab.ts`
 */
import { FingerprintIndex } from '../src/lib/match/indexing/fingerprint-index.js';
import { dataset, datasetQueries } from './lib/index-dataset.js';

const SIZES = (process.env.BENCH_SIZES ?? '1000000').split(',').map(Number);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
if (!process.env.BENCH_BASELINE) throw new Error('BENCH_BASELINE=<worktree> is needed');
const Base = ((await import(`${process.env.BENCH_BASELINE}/src/lib/match/indexing/fingerprint-index.ts`)) as { FingerprintIndex: typeof FingerprintIndex }).FingerprintIndex;
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };

for (const n of SIZES) {
  for (const clustered of [false, true]) {
    const data = dataset(n, clustered);
    const arms: [string, FingerprintIndex][] = [['baseline', new Base(data.packed)], ['this', new FingerprintIndex(data.packed)]];
    const queries = datasetQueries(data, n).hashes;
    const best = new Map<string, number>();
    const results = new Map<string, string>();
    const ratios: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      // Query by query, the two arms in turn (which goes first alternates), so load that comes and goes on this
      // shared machine falls on both alike.
      const sum = new Map<string, number>(arms.map(([name]) => [name, 0]));
      queries.forEach((q, i) => {
        for (const [name, index] of i % 2 ? [...arms].reverse() : arms) {
          const t = cpu();
          index.search(q, 20);
          index.searchWithWords(q, 23, 2);
          sum.set(name, sum.get(name)! + cpu() - t);
        }
      });
      for (const [name, total] of sum) best.set(name, Math.min(best.get(name) ?? Infinity, total / queries.length));
      ratios.push(sum.get('baseline')! / sum.get('this')!);
      if (round === 0) for (const [name, index] of arms) results.set(name, JSON.stringify(queries.map((q) => [index.search(q, 20), index.searchWithWords(q, 23, 2)])));
    }
    ratios.sort((x, y) => x - y);
    const [b, h] = [best.get('baseline')!, best.get('this')!];
    console.log(`${n} ${clustered ? 'clustered' : 'random'}: index CPU per query (best of ${ROUNDS}) baseline ${b.toFixed(3)} ms, this ${h.toFixed(3)} ms; ratio of the bests ${(b / h).toFixed(2)}x, per-round ratios median ${ratios[ROUNDS >> 1]!.toFixed(2)}x (${ratios[0]!.toFixed(2)}-${ratios[ROUNDS - 1]!.toFixed(2)}), same results: ${results.get('baseline') === results.get('this')}`);
  }
}
