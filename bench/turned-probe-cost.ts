/**
 * `BENCH_BASELINE=<worktree> npx tsx bench/turned-probe-cost.ts`: what the turned hash probes
 * (src/lib/match/detail/rotate/turned-hash.ts) add to a page image's query (queryOf with its natural size), this tree
 * against the baseline worktree's queryOf in the same process, rounds interleaved, CPU per image, best of
 * BENCH_ROUNDS (5). Two sets: ordinary page images (every 8th corpus work and distractor, as they are) and
 * flat-corner ones (every 2nd registered work turned 5 degrees on white, the probes' case). Also how many ordinary
 * images have flat corners (they pay for the probes too).
 */
import { readdirSync } from 'node:fs';
import sharp from 'sharp';
import { queryOf, type Query } from '../src/lib/match/hash/query.js';
import type { RgbaPixels } from '../src/lib/match/index.js';
import { decodeForHash, imageSizeOf } from '../src/node/decode.js';
import { requireShared, SHARED_DIR } from './shared.js';

requireShared('turned-probe-cost');
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const dir = (d: string) => readdirSync(`${SHARED_DIR}corpus/${d}`).sort().map((f) => `${SHARED_DIR}corpus/${d}/${f}`);
type Page = { px: RgbaPixels; size: { width: number; height: number } };
const load = async (bytes: Buffer | string): Promise<Page> => ({ px: await decodeForHash(bytes), size: await imageSizeOf(bytes) });
const ordinary: Page[] = [];
for (const f of [...dir('works'), ...dir('distractors')].filter((_, i) => i % 8 === 0)) ordinary.push(await load(f));
const flat: Page[] = [];
for (const f of dir('works').filter((_, i) => i % 4 === 0)) flat.push(await load(await sharp(f).rotate(5, { background: '#ffffff' }).flatten({ background: '#ffffff' }).jpeg({ quality: 90 }).toBuffer()));

const sides: Array<[string, (px: RgbaPixels, size: Page['size']) => Query]> = [['this', queryOf]];
if (process.env.BENCH_BASELINE) {
  const mod = (await import(`${process.env.BENCH_BASELINE}/src/lib/match/hash/query.ts`)) as { queryOf: typeof queryOf };
  sides.unshift(['baseline', mod.queryOf]);
}
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
const best = new Map<string, number>();
for (let round = 0; round < ROUNDS; round++) {
  for (const [name, f] of sides) {
    for (const [set, pages] of [['ordinary', ordinary], ['flat corners', flat]] as const) {
      const c = cpu();
      for (const p of pages) f(p.px, p.size);
      const per = (cpu() - c) / pages.length;
      best.set(`${name} ${set}`, Math.min(best.get(`${name} ${set}`) ?? Infinity, per));
    }
  }
}
for (const [set, pages] of [['ordinary', ordinary], ['flat corners', flat]] as const) {
  const probed = pages.filter((p) => queryOf(p.px, p.size).turned).length;
  const line = sides.map(([name]) => `${name} ${best.get(`${name} ${set}`)!.toFixed(3)} ms`).join(', ');
  const ratio = sides.length > 1 ? `, ratio ${(best.get(`this ${set}`)! / best.get(`baseline ${set}`)!).toFixed(2)}x` : '';
  console.log(`${set} (${pages.length} images, ${probed} with turned probes): query CPU per image ${line}${ratio}`);
}
