/**
 * CPU time of the hint step alone (`detailHints`, hints/hints.ts) per matched image, against a baseline worktree's
 * in the same process, interleaved: `BENCH_BASELINE=<worktree> npx tsx bench/hint-cost.ts`. 24 registered works
 * (the even half of ../shared/corpus/works, with size and chroma as lists record them), each as is, JPEG q50, at
 * half size, with a text watermark, a corner logo and a replaced tenth (bench/lib/variants.ts); the lookup is done
 * once, then each step's detailHints runs on the same (query, match) pairs, best of 5 rounds of 20 passes.
 */
import { readdirSync } from 'node:fs';
import sharp from 'sharp';
import { Matcher } from '../src/lib/match/matcher.js';
import { queryOf, type Query } from '../src/lib/match/hash/query.js';
import { workFingerprints } from '../src/lib/match/hash/work-fingerprints.js';
import { detailQueryOf } from '../src/lib/match/detail/detail-verify.js';
import { detailHints } from '../src/lib/match/hints/hints.js';
import { traitsOf } from '../src/lib/match/hints/work-traits.js';
import type { Via } from '../src/lib/match/hints/via.js';
import { fromBase64url } from '../src/lib/base64url.js';
import type { Model, Work } from '../src/lib/types.js';
import { decodeForHash, decodeFull, imageSizeOf } from '../src/node/decode.js';
import { VARIANTS } from './lib/variants.js';
import { requireShared, SHARED_DIR } from './shared.js';

requireShared('bench/hint-cost');
const dir = `${SHARED_DIR}corpus/works/`;
const files = readdirSync(dir).filter((f) => f.endsWith('.jpg')).sort().filter((_, i) => i % 2 === 0).slice(0, 24);
const MODEL: Model = { id: 'm', source: 'own', creatorId: 'c', name: 'M', license: { personalUse: true, commercialUse: 'forbidden', attributionRequired: false, derivativesAllowed: false }, licensees: [] };
const works: Work[] = [];
for (const f of files) {
  const p = workFingerprints(await decodeFull(dir + f));
  works.push({ id: f, source: 'own', modelId: 'm', fingerprints: p.fingerprints, detail: p.detail, size: await imageSizeOf(dir + f), chroma: p.chroma, addedAt: '' });
}
const matcher = new Matcher({ creators: [{ id: 'c', source: 'own', name: 'C' }], models: [MODEL], works });
const steps = VARIANTS.filter((v) => /^(original|JPEG q50|resize 0.5x|text watermark|logo|replaced 10%)/.test(v.name));
const pairs: Array<{ q: Query; via: Via; w: Work }> = [];
for (const [i, f] of files.entries()) {
  const src = await sharp(dir + f).toBuffer();
  const { width, height } = await sharp(src).metadata();
  for (const v of steps) {
    const bytes = await v.make(src, width!, height!, i);
    const q = queryOf(await decodeForHash(bytes), await imageSizeOf(bytes));
    const best = [...matcher.nearest(q)].find(([w]) => matcher.packed.workIds[w] === f)?.[1];
    if (best && q.detail) pairs.push({ q, via: best.via, w: works[i]! });
  }
}
type Hints = typeof detailHints;
const impls: Array<[string, Hints]> = [['this', detailHints]];
if (process.env.BENCH_BASELINE) impls.unshift(['baseline', ((await import(`${process.env.BENCH_BASELINE}/src/lib/match/hints/hints.ts`)) as { detailHints: Hints }).detailHints]);
const prepared = pairs.map(({ q, via, w }) => ({ q, via, w, dq: detailQueryOf(q.detail!)!, inside: q.trimmedDetail ? detailQueryOf(q.trimmedDetail) : null, thumb: fromBase64url(w.detail!), traits: traitsOf(w) }));
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
const best = new Map<string, number>();
for (let round = 0; round < 5; round++) {
  for (const [name, hints] of impls) {
    const c = cpu();
    for (let pass = 0; pass < 20; pass++) for (const p of prepared) hints(p.q, p.dq, p.inside, p.thumb, p.via, p.traits);
    best.set(name, Math.min(best.get(name) ?? Infinity, (cpu() - c) / (20 * prepared.length)));
  }
}
const line = impls.map(([name]) => `${name} ${best.get(name)!.toFixed(3)} ms`).join(', ');
const ratio = best.has('baseline') ? `; this / baseline ${(best.get('this')! / best.get('baseline')!).toFixed(2)}x, +${(best.get('this')! - best.get('baseline')!).toFixed(3)} ms` : '';
console.log(`hint step CPU per matched image (${prepared.length} matches, ${steps.length} alterations of ${files.length} works): ${line}${ratio}`);
