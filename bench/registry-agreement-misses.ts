/**
 * Why the registry misses what a local list finds (docs/registry.md, "Agreement with a local list"): for every
 * altered copy of the replay (BENCH_REPLAY_DIR) whose registry verdict differs from the local one, the local
 * match's stage and framing, and the nearest any of the query's probe words comes to a stored word of that work at
 * the same word index (0 = a shared key; the local index finds candidates within 2 bits on a word), and whether the
 * local detail-key stage offered the work. `REGISTRY_PLAN` as in registry-agreement.ts.
 */
import { readFileSync } from 'node:fs';
import { HASH_WORDS, hexToWords, Matcher, popcount32, probes, type Query } from '../src/lib/match/index.js';
import { queryKeys, workKeys, type KeyPlan } from '../src/lib/registry/index.js';
import type { Work } from '../src/lib/types.js';

const DIR = process.env.BENCH_REPLAY_DIR ?? '/tmp/license-lens-replay';
const plan: KeyPlan = process.env.REGISTRY_PLAN ? JSON.parse(process.env.REGISTRY_PLAN) : { minBits: 4, crops: true, filterBits: 12 };
const { works, variants } = JSON.parse(readFileSync(`${DIR}/works.json`, 'utf8')) as { works: (Work & { set: string })[]; variants: { name: string; id: string; set: string; q: Query }[] };
const license = { personalUse: true, commercialUse: 'forbidden' as const, attributionRequired: false, derivativesAllowed: false };
const content = (ws: Work[]) => ({ creators: [{ id: 'c', source: 'own' as const, name: 'B' }], models: [{ id: 'm', source: 'own' as const, creatorId: 'c', name: 'M', license, licensees: [] }], works: ws });
const local = new Matcher(content(works));
const keysOf = new Map(works.map((w) => [w.id, new Set(workKeys(w.fingerprints, plan, w.detail))]));
const wordsOf = new Map(works.map((w) => [w.id, w.fingerprints.map((f) => hexToWords(f))]));
const found = (m: Matcher, q: Query) => new Map([...m.nearest(q)].map(([w, b]) => [m.packed.workIds[w]!, b]));
const tally = new Map<string, number>();
for (const v of variants) {
  const want = found(local, v.q);
  const qk = queryKeys(v.q, plan);
  const cands = works.filter((w) => qk.some((k) => keysOf.get(w.id)!.has(k)));
  const got = cands.length ? found(new Matcher(content(cands)), v.q) : new Map();
  const missing = [...want.keys()].filter((id) => !got.has(id));
  const extra = [...got.keys()].filter((id) => !want.has(id));
  if (!missing.length && !extra.length) continue;
  for (const id of missing) {
    const b = want.get(id)!;
    let near = 99;
    for (const p of probes(v.q)) for (const fw of wordsOf.get(id)!) for (let t = 0; t < HASH_WORDS; t++) near = Math.min(near, popcount32((p.words[t]! ^ fw[t]!) >>> 0));
    const prep = local.prepare(v.q);
    const w = local.packed.workIds.indexOf(id);
    const srcs = [prep.best.has(w) && 'hash', prep.loose.has(w) && 'loose', prep.words?.some((c) => c.work === w) && 'word', prep.keyed.has(w) && 'detailkey', prep.trimmedWords?.has(w) && 'trimword'].filter(Boolean).join('+');
    const via = `${b.via.stage}${b.via.crop ? ' crop' : ''}${b.via.trimmed ? ' trimmed' : ''}${b.via.boxed ? ' boxed' : ''}${b.via.angle !== undefined ? ' rotated' : ''}${b.via.placement ? ' extended' : ''}`;
    const inCands = cands.some((c) => c.id === id);
    const cls = `${via} | nearest word ${near <= 2 ? near : '>2'} | local sources ${srcs || 'none'}${inCands ? ' | WAS a registry candidate' : ''}`;
    tally.set(cls, (tally.get(cls) ?? 0) + 1);
    console.log(`MISS ${v.set === 'portraits' ? '[p] ' : ''}${v.name} ${id}: ${cls}`);
  }
  for (const id of extra) console.log(`EXTRA ${v.name} ${v.id} -> ${id} (${cands.length} registry candidates)`);
}
console.log('\nper class:');
for (const [k, n] of [...tally].sort((a, b) => b[1] - a[1])) console.log(`${n}\t${k}`);
