/**
 * The whole `Matcher.nearest` (every stage and the hints) per page image on real images, CPU time, min of 5 passes:
 * 54 registered works (the even half of ../shared/corpus/works), queries made with sharp: each work at 60% size
 * JPEG q75 (matched), rotated 2 degrees on white, and the odd half plus 150 distractors (unmatched). The setting of
 * docs/benchmarks.md's "matcher's hot path" section. With BENCH_BASELINE=<worktree>, that worktree's Matcher runs on
 * the same images in the same process, interleaved, each side with its own queryOf (a query may carry probes the other
 * tree does not make), and the results are compared. `npx tsx bench/matcher-works.ts`
 */
import { readdirSync } from 'node:fs';
import sharp from 'sharp';
import { Matcher } from '../src/lib/match/matcher.js';
import { queryOf, type Query } from '../src/lib/match/hash/query.js';
import { workFingerprints } from '../src/lib/match/hash/work-fingerprints.js';
import type { Model, Work } from '../src/lib/types.js';
import { decodeForHash, decodeFull } from '../src/node/decode.js';

const CORPUS = new URL('../../shared/corpus/', import.meta.url).pathname;
const files = readdirSync(`${CORPUS}works`).sort();
const even = files.filter((_, i) => i % 2 === 0).slice(0, 54);
const odd = files.filter((_, i) => i % 2 === 1).slice(0, 54);
const distractors = readdirSync(`${CORPUS}distractors`).sort().filter((_, i) => i % 16 === 0).slice(0, 150);
const MODEL: Model = { id: 'm', source: 'own', creatorId: 'c', name: 'M', license: { personalUse: true, commercialUse: 'forbidden', attributionRequired: false, derivativesAllowed: false }, licensees: [] };
const works: Work[] = [];
for (const [i, f] of even.entries()) {
  const p = workFingerprints(await decodeFull(`${CORPUS}works/${f}`));
  // The work's size, as lists carry it: the placement search for outpainted copies needs its aspect.
  const meta = await sharp(`${CORPUS}works/${f}`).metadata();
  works.push({ id: `w${i}`, source: 'own', modelId: 'm', fingerprints: p.fingerprints, detail: p.detail, size: { width: meta.width ?? 1, height: meta.height ?? 1 }, addedAt: '' });
}
const baseQueryOf = process.env.BENCH_BASELINE
  ? ((await import(`${process.env.BENCH_BASELINE}/src/lib/match/hash/query.ts`)) as { queryOf: typeof queryOf }).queryOf
  : null;
/** Each image's query: this tree's, and the baseline's beside it (`baseQueries`) when there is one. */
const baseQueries = new Map<Query, Query>();
const q = async (bytes: Buffer | string): Promise<Query> => {
  const meta = await sharp(bytes).metadata();
  const [px, size] = [await decodeForHash(bytes), { width: meta.width ?? 1, height: meta.height ?? 1 }];
  const mine = queryOf(px, size);
  if (baseQueryOf) baseQueries.set(mine, baseQueryOf(px, size));
  return mine;
};
const sets: Record<string, Query[]> = { matched: [], 'rotated 2°': [], unmatched: [] };
for (const f of even) {
  const path = `${CORPUS}works/${f}`;
  const w = (await sharp(path).metadata()).width ?? 512;
  sets.matched!.push(await q(await sharp(path).resize(Math.round(w * 0.6)).jpeg({ quality: 75 }).toBuffer()));
  sets['rotated 2°']!.push(await q(await sharp(path).rotate(2, { background: '#ffffff' }).jpeg({ quality: 90 }).toBuffer()));
}
for (const f of odd) sets.unmatched!.push(await q(`${CORPUS}works/${f}`));
for (const f of distractors) sets.unmatched!.push(await q(`${CORPUS}distractors/${f}`));

const content = { creators: [{ id: 'c', source: 'own' as const, name: 'C' }], models: [MODEL], works };
const matchers: Array<[string, { nearest(q: Query): Map<number, unknown> }]> = [['this', new Matcher(content)]];
if (process.env.BENCH_BASELINE) {
  const mod = (await import(`${process.env.BENCH_BASELINE}/src/lib/match/matcher.ts`)) as { Matcher: typeof Matcher };
  matchers.unshift(['baseline', new mod.Matcher(content)]);
}
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
const best = new Map<string, number>();
const results = new Map<string, string>();
for (let pass = 0; pass < 5; pass++) {
  for (const [name, m] of matchers) {
    for (const [set, mine] of Object.entries(sets)) {
      const qs = name === 'baseline' ? mine.map((x) => baseQueries.get(x)!) : mine;
      const c = cpu();
      const out = qs.map((x) => JSON.stringify([...m.nearest(x)]));
      const per = (cpu() - c) / qs.length;
      const key = `${name} ${set}`;
      best.set(key, Math.min(best.get(key) ?? Infinity, per));
      results.set(key, out.join('\n'));
    }
  }
}
for (const [set, qs] of Object.entries(sets)) {
  const line = matchers.map(([name]) => `${name} ${best.get(`${name} ${set}`)!.toFixed(2)} ms`).join(', ');
  const found = results.get(`this ${set}`)!.split('\n').filter((r) => r !== '[]').length;
  const same = matchers.length > 1 ? `, same results as the baseline: ${results.get(`baseline ${set}`) === results.get(`this ${set}`)}` : '';
  console.log(`${set} (${qs.length} images, ${found} with a match): CPU per image ${line}${same}`);
}
