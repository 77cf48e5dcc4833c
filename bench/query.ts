/**
 * `npm run bench:query`: the CPU one page image's query costs (queryOf, src/lib/match/hash/query.ts) on the 256x256
 * reduced copy, this tree against a baseline commit in the same run. N corpus images (../shared/corpus, every k-th
 * of works + distractors in name order) are decoded once by sharp the way the CLI does (decodeForHash); then rounds
 * alternate the baseline's queryOf and this tree's over all of them. Prints ms per image (best and median round),
 * the ratio, the garbage collections each side caused, and whether every query came out byte-identical, from sharp's
 * Uint8Array and from the browser's Uint8ClampedArray (exits 1 if not: lists in the wild store these values).
 * The baseline is the hash code of BENCH_QUERY_BASE (a commit, default the one before issue 23's query cuts), taken
 * with `git archive` into a temporary folder and imported from there. BENCH_QUERY_N (default 1000), BENCH_QUERY_ROUNDS (5).
 * Then the same A/B in a headless Chromium page (bench/lib/query-browser.ts): its V8 is not Node's.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PerformanceObserver } from 'node:perf_hooks';
import { queryOf } from '../src/lib/match/hash/query.js';
import type { RgbaPixels } from '../src/lib/match/index.js';
import { decodeForHash } from '../src/node/decode.js';
import { requireShared, SHARED_DIR } from './shared.js';
import { browserQueryAB } from './lib/query-browser.js';

requireShared('bench:query');
const N = Number(process.env.BENCH_QUERY_N ?? 1000);
const ROUNDS = Number(process.env.BENCH_QUERY_ROUNDS ?? 5);
const BASE = process.env.BENCH_QUERY_BASE ?? '7783f4f';
const root = new URL('../', import.meta.url).pathname;

/** The baseline's queryOf: its src/lib files as of BASE, outside the tree, node_modules linked for blockhash-core. */
async function baselineQueryOf(): Promise<typeof queryOf> {
  const mod = (await import(baselineEntry())) as { queryOf: typeof queryOf };
  return mod.queryOf;
}

function baselineEntry(): string {
  const sha = execFileSync('git', ['rev-parse', '--short', BASE], { cwd: root, encoding: 'utf8' }).trim();
  const dir = join(tmpdir(), `license-lens-bench-query-${sha}`);
  if (!existsSync(join(dir, 'src'))) {
    mkdirSync(dir, { recursive: true });
    execFileSync('sh', ['-c', `git archive ${sha} src/lib | tar -x -C '${dir}'`], { cwd: root });
  }
  if (!existsSync(join(dir, 'node_modules'))) symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'));
  return join(dir, 'src/lib/match/hash/query.ts');
}

const corpus = ['works', 'distractors'].flatMap((d) => readdirSync(join(SHARED_DIR, 'corpus', d)).map((f) => join(SHARED_DIR, 'corpus', d, f)));
corpus.sort();
const step = Math.max(1, Math.floor(corpus.length / N));
const files = corpus.filter((_, i) => i % step === 0).slice(0, N);
const images: RgbaPixels[] = [];
for (let i = 0; i < files.length; i += 4) images.push(...(await Promise.all(files.slice(i, i + 4).map((f) => decodeForHash(f)))));
const oldQueryOf = await baselineQueryOf();

let mismatches = 0;
for (const [i, px] of images.entries()) {
  // Also from the same pixels as the browser hands them (ImageData: Uint8ClampedArray).
  const clamped = { ...px, data: new Uint8ClampedArray(px.data) };
  const a = JSON.stringify(oldQueryOf(px));
  for (const b of [JSON.stringify(queryOf(px)), JSON.stringify(queryOf(clamped))]) {
    if (a !== b && mismatches++ < 3) console.error(`DIFFERENT query for ${files[i]}:\n  base ${a}\n  this ${b}`);
  }
}

let gcCount = 0;
let gcMs = 0;
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) {
    gcCount++;
    gcMs += e.duration;
  }
}).observe({ entryTypes: ['gc'] });

/** One pass of `fn` over every image: ms per image (thread CPU ~ wall here: nothing else runs), and the GCs it caused. */
async function pass(fn: typeof queryOf): Promise<{ ms: number; gcs: number; gcMs: number }> {
  await new Promise((r) => setTimeout(r, 20)); // let the last pass's GC entries arrive
  const c0 = gcCount;
  const g0 = gcMs;
  const t0 = process.cpuUsage();
  for (const px of images) fn(px);
  const t = process.cpuUsage(t0);
  await new Promise((r) => setTimeout(r, 20));
  return { ms: (t.user + t.system) / 1000 / images.length, gcs: gcCount - c0, gcMs: gcMs - g0 };
}

await pass(oldQueryOf);
await pass(queryOf);
const runs: Record<'base' | 'this', Array<Awaited<ReturnType<typeof pass>>>> = { base: [], this: [] };
for (let r = 0; r < ROUNDS; r++) {
  runs.base.push(await pass(oldQueryOf));
  runs.this.push(await pass(queryOf));
}
const best = (xs: number[]) => Math.min(...xs);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const row = (name: 'base' | 'this') => {
  const ms = runs[name].map((x) => x.ms);
  const gcs = runs[name].reduce((s, x) => s + x.gcs, 0) / ROUNDS;
  const gms = runs[name].reduce((s, x) => s + x.gcMs, 0) / ROUNDS;
  return { ms: best(ms), med: median(ms), gcs, gms };
};
const b = row('base');
const t = row('this');
console.log(`bench:query: ${images.length} images (256x256, sharp), ${ROUNDS} rounds each, process CPU per image`);
console.log(`  baseline ${BASE}: best ${b.ms.toFixed(2)} ms, median ${b.med.toFixed(2)} ms; ${b.gcs.toFixed(0)} GCs (${b.gms.toFixed(0)} ms) per round`);
console.log(`  this tree:        best ${t.ms.toFixed(2)} ms, median ${t.med.toFixed(2)} ms; ${t.gcs.toFixed(0)} GCs (${t.gms.toFixed(0)} ms) per round`);
console.log(`  ratio baseline / this: ${(b.med / t.med).toFixed(2)}x (median), ${(b.ms / t.ms).toFixed(2)}x (best)`);
console.log(`  queries byte-identical to the baseline's (from Uint8Array and from Uint8ClampedArray pixels): ${2 * images.length - mismatches}/${2 * images.length}`);
if (mismatches) process.exit(1);

// The same in Chromium (headless, its own V8), on the first BENCH_QUERY_BROWSER_N images; BENCH_QUERY_BROWSER=0 skips it.
if (process.env.BENCH_QUERY_BROWSER !== '0') {
  const n = Number(process.env.BENCH_QUERY_BROWSER_N ?? 200);
  const r = await browserQueryAB(baselineEntry(), join(root, 'src/lib/match/hash/query.ts'), images.slice(0, n), ROUNDS);
  const bm = median(r.base);
  const tm = median(r.this);
  console.log(`Chromium page, ${r.images} images (Uint8ClampedArray), wall ms per image on its main thread:`);
  console.log(`  baseline best ${best(r.base).toFixed(2)}, median ${bm.toFixed(2)}; this tree best ${best(r.this).toFixed(2)}, median ${tm.toFixed(2)}: ${(bm / tm).toFixed(2)}x (median)`);
  console.log(`  queries byte-identical to the baseline's: ${r.identical}/${r.images}`);
  if (r.identical !== r.images) process.exit(1);
}
