/**
 * Matches what `bench/robustness-record.ts` stored again with the current Matcher at the shipped radii: recall per
 * transformation (V=<regex>, MISS=1 lists misses, WRONG=1 wrong-work matches), then false matches over the
 * distractors (D=0 skips them, STEP=<n> takes every n-th) and the matching time per query.
 */
import { readFileSync, existsSync } from 'node:fs';
import { Matcher } from '../src/lib/match/matcher.js';
import type { Query } from '../src/lib/match/hash/query.js';

const DIR = process.env.BENCH_REPLAY_DIR ?? '/tmp/license-lens-replay';
const { works, variants } = JSON.parse(readFileSync(`${DIR}/works.json`, 'utf8'));
const content = { creators: [{ id: 'c', source: 'own', name: 'B' }], models: [{ id: 'm', source: 'own', creatorId: 'c', name: 'M', license: { personalUse: true, commercialUse: 'forbidden', attributionRequired: false, derivativesAllowed: false }, licensees: [] }], works };
const m = new Matcher(content as never);
const ids = (q: Query) => new Map([...m.nearest(q)].map(([w, b]) => [m.packed.workIds[w]!, b]));
const ONLY = new RegExp(process.env.V ?? '.');
const rows = new Map<string, { n: number; ok: number; wrong: number; hints: Record<string, number> }>();
let t = performance.now();
for (const v of variants) {
  if (!ONLY.test(v.name)) continue;
  const key = `${v.set === 'portraits' ? '[p] ' : ''}${v.name}`;
  const r = rows.get(key) ?? { n: 0, ok: 0, wrong: 0, hints: {} };
  rows.set(key, r);
  const f = ids(v.q);
  r.n++;
  if (f.has(v.id)) { r.ok++; for (const h of f.get(v.id)!.hints?.changes.map((c) => c.kind) ?? []) r.hints[h] = (r.hints[h] ?? 0) + 1; } else if (process.env.MISS) console.log('  miss', key, v.id);
  r.wrong += [...f.keys()].filter((k) => k !== v.id).length;
}
for (const [k, r] of rows) console.log(k.padEnd(44), ((100 * r.ok) / r.n).toFixed(1).padStart(6), 'wrong', r.wrong, JSON.stringify(r.hints));
console.log(`variants ${((performance.now() - t) / variants.length).toFixed(2)} ms/query`);
if (process.env.D !== '0' && existsSync(`${DIR}/distractors.json`)) {
  const dq = JSON.parse(readFileSync(`${DIR}/distractors.json`, 'utf8'));
  let fm = 0;
  t = performance.now();
  const STEP = Number(process.env.STEP ?? 1);
  let n = 0;
  for (let i = 0; i < dq.length; i += STEP) {
    const d = dq[i]; n++;
    const f = ids(d.q);
    if (f.size) { fm += f.size; console.log('FALSE', d.label, [...f].map(([k, b]) => `${k} ${b.distance} ${b.hints?.changes.map((c) => c.kind).join('+')}`).join(', ')); }
  }
  console.log(`false matches ${fm} over ${n} x ${works.length}; ${((performance.now() - t) / n).toFixed(2)} ms/query`);
}
if (process.env.WRONG) for (const v of variants) {
  if (!ONLY.test(v.name)) continue;
  const f = ids(v.q);
  for (const [k, b] of f) if (k !== v.id) console.log('WRONG', v.name, v.id, '->', k, b.distance, b.hints);
}
