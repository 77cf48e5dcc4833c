/**
 * The fingerprint index alone (search at radius 20, then the matcher's radius-23 search with word candidates) on
 * bench:index's data, this tree's FingerprintIndex against a baseline worktree's, in alternating rounds on the same
 * fingerprints: CPU per query (best of the rounds), the ratio, and whether every result is the same.
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
    for (let round = 0; round < ROUNDS; round++) {
      for (const [name, index] of round % 2 ? [...arms].reverse() : arms) {
        let found = 0;
        const t = cpu();
        for (const q of queries) found += index.search(q, 20).length + index.searchWithWords(q, 23, 2).words.length;
        const per = (cpu() - t) / queries.length;
        best.set(name, Math.min(best.get(name) ?? Infinity, per));
        if (round === 0) results.set(name, JSON.stringify(queries.slice(0, 100).map((q) => [index.search(q, 20), index.searchWithWords(q, 23, 2)])) + found);
      }
    }
    const [b, h] = [best.get('baseline')!, best.get('this')!];
    console.log(`${n} ${clustered ? 'clustered' : 'random'}: index CPU per query (best of ${ROUNDS}) baseline ${b.toFixed(3)} ms, this ${h.toFixed(3)} ms; ratio ${(b / h).toFixed(2)}x, same results: ${results.get('baseline') === results.get('this')}`);
  }
}
