/**
 * The whole matcher lookup (prepare + finish, thumbnails from memory) of bench:index's data (index.ts: the same
 * generator, the same 400 queries a size), this tree's Matcher against a baseline worktree's in one process, in
 * alternating rounds on the same tables: CPU per lookup (best of the rounds) and whether every result is the same.
 * `BENCH_BASELINE=<worktree> BENCH_SIZES=1000000 npx tsx bench/lookup-ab.ts` (without a baseline, this tree alone;
 * BENCH_PAGE_SIZE=1200x800 gives every query a page image's size). Also prints the wall median and p99 over the lookups of
 * every round but the first (the target is a median and a p99), unrelated queries and copies apart, how many lookups a garbage collection
 * ran inside, and the p99 of the others.
 */
import { Matcher } from '../src/lib/match/matcher.js';
import type { Query } from '../src/lib/match/hash/query.js';
import { dataset, datasetQueries, DETAIL_BYTES, MODEL } from './lib/index-dataset.js';
import { fromBase64url, toBase64url } from '../src/lib/base64url.js';
import { PerformanceObserver } from 'node:perf_hooks';

const SIZES = (process.env.BENCH_SIZES ?? '1000000').split(',').map(Number);
const ROUNDS = 5;
const [pw, ph] = (process.env.BENCH_PAGE_SIZE ?? '').split('x').map(Number);
const PAGE_SIZE = pw && ph ? { width: pw, height: ph } : undefined;
/** BENCH_FLAT_CORNERS=1: every query's 16x16 detail gets white 2x2 corners, as a copy turned on white has (flat-corners.ts). */
const FLAT = process.env.BENCH_FLAT_CORNERS === '1';
const flatCorners = (detail: string) => {
  const l = fromBase64url(detail);
  for (const [x, y] of [[0, 0], [14, 0], [0, 14], [14, 14]] as const) for (const o of [0, 1, 16, 17]) l[y * 16 + x + o] = 255;
  return toBase64url(l);
};
/**
 * BENCH_FIT_PROBES=1: this tree's queries (not the baseline's) carry two fit probes (turned-hash.ts fitFingerprints), as
 * every page image of known size does since they were added: the query's fingerprint with every 16th bit flipped and
 * with every 16th bit from the 8th flipped (16 bits from it each; their cost is the search, whatever they hold).
 */
const FIT_PROBES = process.env.BENCH_FIT_PROBES === '1';
const flipped = (hex: string, from: number) => [...hex].map((ch, i) => (i % 4 === from >> 2 ? (parseInt(ch, 16) ^ (1 << (from & 3))).toString(16) : ch)).join('');
type Lookup = { prepare(q: Query): { needs: number[] }; finish(p: unknown, t: (w: number) => Uint8Array | undefined): Map<number, unknown> };
const Base = process.env.BENCH_BASELINE ? ((await import(`${process.env.BENCH_BASELINE}/src/lib/match/matcher.ts`)) as { Matcher: typeof Matcher }).Matcher : undefined;
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };

for (const n of SIZES) {
  for (const clustered of [false, true]) {
    const data = dataset(n, clustered);
    const matchers: [string, Lookup][] = [['this', new Matcher({ creators: [], models: [MODEL] }, data.packed) as unknown as Lookup]];
    if (Base) matchers.unshift(['baseline', new Base({ creators: [], models: [MODEL] }, data.packed) as unknown as Lookup]);
    const thumbAt = (w: number) => data.thumbs.subarray(w * DETAIL_BYTES, (w + 1) * DETAIL_BYTES);
    // The queries of index.ts (the same generator, so the same 400 a size).
    // BENCH_PAGE_SIZE=WxH: every query carries that natural size, as a page image's does (pixels.ts), so the stages
    // that need the page's aspect run (the turned keys, turned-keys.ts).
    const queries = datasetQueries(data, n).full.map((q) => ({ ...q, ...(PAGE_SIZE ? { size: PAGE_SIZE } : {}), ...(FLAT && q.detail ? { detail: flatCorners(q.detail) } : {}) }));
    const best = new Map<string, number>();
    const results = new Map<string, string>();
    // Wall time of each lookup in every round, unrelated queries (even) and copies (odd) apart, with its span.
    const walls = new Map<string, number[][]>();
    const spans = new Map<string, [number, number][]>();
    const gcs: [number, number][] = [];
    const observer = new PerformanceObserver((list) => { for (const e of list.getEntries()) gcs.push([e.startTime, e.startTime + e.duration]); });
    observer.observe({ entryTypes: ['gc'] });
    for (let round = 0; round < ROUNDS; round++) {
      for (const [name, m] of matchers) {
        const c = cpu();
        if (!walls.has(name)) {
          walls.set(name, [[], []]);
          spans.set(name, []);
        }
        const wall = walls.get(name)!;
        const span = spans.get(name)!;
        const out = queries.map((q0, i) => {
          const q = FIT_PROBES && name === 'this' ? { ...q0, fit: [flipped(q0.fingerprint, 0), flipped(q0.fingerprint, 9)] } : q0;
          const t = performance.now();
          const p = m.prepare(q);
          const needs = new Set(p.needs);
          const r = JSON.stringify([...m.finish(p, (w) => (needs.has(w) ? thumbAt(w) : undefined))]);
          const end = performance.now();
          // The first round warms the JIT up: its walls are not the lookup's.
          if (round > 0) {
            wall[i % 2]!.push(end - t);
            span.push([t, end]);
          }
          return r;
        });
        best.set(name, Math.min(best.get(name) ?? Infinity, (cpu() - c) / queries.length));
        results.set(name, out.join('\n'));
      }
    }
    await new Promise((r) => setTimeout(r, 50)); // the observer's last entries
    observer.disconnect();
    const line = matchers.map(([name]) => `${name} ${best.get(name)!.toFixed(2)} ms`).join(', ');
    const same = Base ? `; ratio ${(best.get('baseline')! / best.get('this')!).toFixed(2)}x, same results: ${results.get('baseline') === results.get('this')}` : '';
    console.log(`${n} ${clustered ? 'clustered' : 'random'}: CPU per lookup (best of ${ROUNDS}) ${line}${same}`);
    const at = (a: number[], f: number) => [...a].sort((x, y) => x - y)[Math.floor(f * (a.length - 1))]!.toFixed(2);
    for (const [name] of matchers) {
      const [unrelated, copies] = walls.get(name)!;
      // A lookup a collection ran inside pays for it: counted, and the p99 of the others printed apart.
      const hit = spans.get(name)!.map(([a, b]) => gcs.some(([s, e]) => s < b && e > a));
      const calm = spans.get(name)!.flatMap(([a, b], i) => (hit[i] ? [] : [b - a]));
      console.log(`  ${name} wall, rounds 2-${ROUNDS}: all median ${at([...unrelated!, ...copies!], 0.5)} p99 ${at([...unrelated!, ...copies!], 0.99)} ms; unrelated median ${at(unrelated!, 0.5)} p99 ${at(unrelated!, 0.99)}; copies median ${at(copies!, 0.5)} p99 ${at(copies!, 0.99)}; a collection inside ${hit.filter(Boolean).length} of ${hit.length}, p99 of the others ${at(calm, 0.99)}`);
    }
  }
}
