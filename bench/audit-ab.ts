/**
 * The folder audit's CPU against the single-threaded loop's, and against another tree's audit, in one process:
 * `BENCH_BASELINE=<worktree> BENCH_AUDIT_N=1000 BENCH_AUDIT_ROUNDS=3 npx tsx bench/audit-ab.ts` (without a baseline,
 * this tree alone). The images are the ones `npm run bench:audit` hard-links into .scratch/ (run it once first).
 * CPU seconds of every thread of the process, arms interleaved (the order flips each round): on a shared machine the
 * wall-clock ratio means nothing, but what the audit does beyond the loop (thread start, messages, cache lines)
 * still shows as CPU. Wall time is printed too; read it only on a quiet machine.
 */
import { existsSync, linkSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { Checker, mergeLists } from '../src/core/index.js';
import { readGenRecord } from '../src/lib/genmeta/index.js';
import { verifyList } from '../src/lib/list/index.js';
import { queryOf } from '../src/lib/match/index.js';
import { decodeForHash, imageSizeOf } from '../src/node/decode.js';
import { runAudit } from '../src/cli/audit/run-audit.js';

const N = Number(process.env.BENCH_AUDIT_N ?? 1000);
const ROUNDS = Number(process.env.BENCH_AUDIT_ROUNDS ?? 3);
const root = new URL('../', import.meta.url).pathname;
const all = join(root, '.scratch', 'audit-bench', 'images');
if (!existsSync(all)) throw new Error('no .scratch/audit-bench/images: run `npm run bench:audit` once first');
const folder = join(root, '.scratch', 'audit-ab', String(N));
if (!existsSync(folder)) {
  mkdirSync(folder, { recursive: true });
  for (const f of readdirSync(all).sort().slice(0, N)) linkSync(join(all, f), join(folder, f));
}
const cache = join(root, '.scratch', 'audit-ab', 'cache');
const v = await verifyList(readFileSync(join(root, 'public', 'demo-list.json'), 'utf8'));
if (!v.ok) throw new Error(v.error);
const checker = new Checker(mergeLists([v.list]), decodeForHash);

/** bench/audit.ts's loop: one image at a time, libvips held to one thread. */
async function loop(): Promise<void> {
  sharp.concurrency(1);
  for (const f of readdirSync(folder).sort()) {
    const bytes = new Uint8Array(readFileSync(join(folder, f)));
    await checker.checkQuery(queryOf(await decodeForHash(bytes), await imageSizeOf(bytes)), await readGenRecord(bytes));
  }
}
const audit = (run: typeof runAudit) => async () => {
  rmSync(cache, { recursive: true, force: true });
  await run(checker, { folder, cache, jobs: 2 });
};
const arms: Array<[string, () => Promise<void>]> = [
  ['loop', loop],
  ['audit', audit(runAudit)],
];
if (process.env.BENCH_BASELINE) {
  const base = (await import(`${process.env.BENCH_BASELINE}/src/cli/audit/run-audit.ts`)) as { runAudit: typeof runAudit };
  arms.push(['baseline audit', audit(base.runAudit)]);
}

const cpu: Record<string, number[]> = {};
const wall: Record<string, number[]> = {};
for (let r = 0; r < ROUNDS; r++) {
  for (const [name, run] of r % 2 ? [...arms].reverse() : arms) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    await run();
    const c = process.cpuUsage(c0);
    (wall[name] ??= []).push((performance.now() - t0) / 1000);
    (cpu[name] ??= []).push((c.user + c.system) / 1e6);
  }
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const fixed = (xs: number[], d = 2) => xs.map((x) => +x.toFixed(d));
console.log(
  JSON.stringify(
    {
      date: new Date().toISOString(),
      images: N,
      rounds: ROUNDS,
      cpuSeconds: Object.fromEntries(Object.entries(cpu).map(([k, xs]) => [k, fixed(xs)])),
      wallSeconds: Object.fromEntries(Object.entries(wall).map(([k, xs]) => [k, fixed(xs)])),
      cpuVsLoop: Object.fromEntries(Object.entries(cpu).map(([k, xs]) => [k, { rounds: fixed(xs.map((x, i) => x / cpu.loop![i]!)), median: +median(xs.map((x, i) => x / cpu.loop![i]!)).toFixed(2) }])),
    },
    null,
    2,
  ),
);
