/**
 * What hashing each page image's bytes (Query.sha256, hints.ts fileHints) adds to a query, in one process:
 * `npx tsx bench/file-hash-cost.ts`. N corpus files (../shared/corpus, every k-th of works + distractors in name
 * order, read once); rounds alternate, per file, the SHA-256 (WebCrypto, as the extension and core/checker.ts
 * hash; node:crypto, as the audit's decode threads do) and the work the query already costs there (sharp's decode to
 * 256x256 + queryOf, as check and audit do). Prints CPU ms per image (every thread of the process: WebCrypto and
 * sharp work on libuv's pool) and wall ms (median round), and the hash's share of the query's CPU. The wall time of
 * an asynchronous digest is mostly its trip through the pool, which a loaded machine stretches; the extension starts
 * it beside the fingerprint cache's read (scan.ts, offscreen/scan-image.ts).
 * BENCH_HASH_N (default 200), BENCH_HASH_ROUNDS (5), BENCH_HASH_DIRS (default `works,distractors`; `works` alone: the
 * larger files, 150 kB on average).
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { sha256Hex } from '../src/lib/sha256.js';
import { queryOf } from '../src/lib/match/hash/query.js';
import { decodeForHash, imageSizeOf } from '../src/node/decode.js';
import { requireShared, SHARED_DIR } from './shared.js';

requireShared('file-hash-cost');
const N = Number(process.env.BENCH_HASH_N ?? 200);
const ROUNDS = Number(process.env.BENCH_HASH_ROUNDS ?? 5);
const names = (process.env.BENCH_HASH_DIRS ?? 'works,distractors').split(',').flatMap((d) => readdirSync(`${SHARED_DIR}corpus/${d}`).sort().map((f) => `${SHARED_DIR}corpus/${d}/${f}`));
const step = Math.max(1, Math.floor(names.length / N));
const files = names.filter((_, i) => i % step === 0).slice(0, N).map((f) => new Uint8Array(readFileSync(f)));
const mb = files.reduce((n, b) => n + b.byteLength, 0) / files.length / 1048576;

const arms: Record<string, (b: Uint8Array) => Promise<unknown>> = {
  'sha256 (WebCrypto)': (b) => sha256Hex(b),
  'sha256 (node:crypto)': async (b) => createHash('sha256').update(b).digest('hex'),
  'decode + queryOf': async (b) => queryOf(await decodeForHash(b), await imageSizeOf(b)),
};
const times: Record<string, number[]> = Object.fromEntries(Object.keys(arms).map((k) => [k, []]));
const cpu: Record<string, number[]> = Object.fromEntries(Object.keys(arms).map((k) => [k, []]));
for (let r = 0; r < ROUNDS; r++) {
  const sums: Record<string, number> = Object.fromEntries(Object.keys(arms).map((k) => [k, 0]));
  const cpus: Record<string, number> = Object.fromEntries(Object.keys(arms).map((k) => [k, 0]));
  for (const b of files) {
    for (const [k, f] of Object.entries(arms)) {
      const c = process.cpuUsage();
      const t = performance.now();
      await f(b);
      sums[k]! += performance.now() - t;
      const d = process.cpuUsage(c);
      cpus[k]! += (d.user + d.system) / 1000;
    }
  }
  for (const k of Object.keys(arms)) {
    times[k]!.push(sums[k]! / files.length);
    cpu[k]!.push(cpus[k]! / files.length);
  }
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
console.log(`${files.length} files, ${mb.toFixed(2)} MB on average, ${ROUNDS} rounds, load average ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);
const query = median(cpu['decode + queryOf']!);
for (const k of Object.keys(arms)) {
  const share = k.startsWith('sha') ? `, ${((100 * median(cpu[k]!)) / query).toFixed(2)}% of decode + queryOf's CPU` : '';
  console.log(`${k.padEnd(22)} CPU ${median(cpu[k]!).toFixed(3)} ms, wall ${median(times[k]!).toFixed(3)} ms per image (median round)${share}`);
}
