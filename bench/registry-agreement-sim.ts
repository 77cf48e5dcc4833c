/**
 * Registry agreement without building a registry (docs/registry.md, "Agreement with a local list"): per altered copy
 * of the replay (BENCH_REPLAY_DIR), the works sharing a key with the query (what a lookup fetches, filter false
 * positives aside) in a Matcher of their own, against the local list. Prints each copy whose verdicts differ, marking
 * a missed work that WAS fetched `(cand)`, then the rows under 99.5%. `REGISTRY_PLAN` as in registry-agreement.ts;
 * V=<regex> limits the rows; DIST=1 adds the unrelated images (no shared key, stored keys met); NB=<probes> asks for
 * neighbour keys (plan probeFlips) of the named probes only (plain, flip, trimmed, trimflip, boxed). The local
 * verdicts are cached in BENCH_REPLAY_DIR/local-found.json: delete it after a matcher change.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { HASH_WORDS, Matcher, MIN_QUALITY, popcount32, probes, type Query } from '../src/lib/match/index.js';
import { queryKeys, workKeys, type KeyPlan } from '../src/lib/registry/index.js';
import type { Work } from '../src/lib/types.js';

const DIR = process.env.BENCH_REPLAY_DIR ?? '/tmp/license-lens-replay';
const plan: KeyPlan = process.env.REGISTRY_PLAN ? JSON.parse(process.env.REGISTRY_PLAN) : { minBits: 4, crops: true, filterBits: 12 };
const ONLY = new RegExp(process.env.V ?? '.');
const { works, variants } = JSON.parse(readFileSync(`${DIR}/works.json`, 'utf8')) as { works: (Work & { set: string })[]; variants: { name: string; id: string; set: string; q: Query }[] };
const license = { personalUse: true, commercialUse: 'forbidden' as const, attributionRequired: false, derivativesAllowed: false };
const content = (ws: Work[]) => ({ creators: [{ id: 'c', source: 'own' as const, name: 'B' }], models: [{ id: 'm', source: 'own' as const, creatorId: 'c', name: 'M', license, licensees: [] }], works: ws });
const cacheFile = `${DIR}/local-found.json`;
const cache: Record<string, string[]> = existsSync(cacheFile) ? JSON.parse(readFileSync(cacheFile, 'utf8')) : {};
let local: Matcher | null = null;
const keysOf = new Map(works.map((w) => [w.id, new Set(workKeys(w.fingerprints, plan, w.detail))]));

/** Exact words of every probe; neighbour keys only for the probes NB names. */
function keysFor(q: Query): number[] {
  if (!process.env.NB) return queryKeys(q, plan);
  if (q.quality < MIN_QUALITY) return [];
  const named = new Set(process.env.NB.split(','));
  const out = new Set<number>(queryKeys(q, { ...plan, probeFlips: 0 }));
  const add = (t: number, x: number) => {
    const ones = popcount32(x >>> 0);
    if (ones >= plan.minBits && ones <= 32 - plan.minBits) out.add(t * 2 ** 32 + (x >>> 0));
  };
  for (const p of probes(q)) {
    if (!named.has(p.boxed ? 'boxed' : p.trimmed ? (p.flip ? 'trimflip' : 'trimmed') : p.flip ? 'flip' : 'plain')) continue;
    for (let t = 0; t < HASH_WORDS; t++) {
      const w = p.words[t]! >>> 0;
      for (let i = 0; i < 32; i++) {
        add(t, w ^ (1 << i));
        if ((plan.probeFlips ?? 0) > 1) for (let j = i + 1; j < 32; j++) add(t, w ^ (1 << i) ^ (1 << j));
      }
    }
  }
  return [...out];
}

const rows = new Map<string, { n: number; same: number }>();
let [queryKeyCount, queries, noCandidate, missed, extra] = [0, 0, 0, 0, 0];
for (const [i, v] of variants.entries()) {
  const row = `${v.set === 'portraits' ? '[p] ' : ''}${v.name}`;
  if (!ONLY.test(row)) continue;
  if (!cache[i]) {
    local ??= new Matcher(content(works));
    cache[i] = [...local.nearest(v.q).keys()].map((w) => local!.packed.workIds[w]!);
  }
  const want = new Set(cache[i]);
  const qk = keysFor(v.q);
  [queryKeyCount, queries] = [queryKeyCount + qk.length, queries + 1];
  const cands = works.filter((w) => qk.some((k) => keysOf.get(w.id)!.has(k)));
  if (!cands.length) noCandidate++;
  const m = cands.length ? new Matcher(content(cands)) : null;
  const got = new Set(m ? [...m.nearest(v.q).keys()].map((w) => m.packed.workIds[w]!) : []);
  const r = rows.get(row) ?? rows.set(row, { n: 0, same: 0 }).get(row)!;
  r.n++;
  const missing = [...want].filter((x) => !got.has(x));
  const added = [...got].filter((x) => !want.has(x));
  [missed, extra] = [missed + missing.length, extra + added.length];
  if (!missing.length && !added.length) r.same++;
  else console.log(`DIFF ${row} ${v.id}: missing ${missing.map((x) => `${x}${cands.some((c) => c.id === x) ? ' (cand)' : ''}`).join(', ')} extra ${added.join(', ')} (${cands.length} fetched)`);
}
writeFileSync(cacheFile, JSON.stringify({ ...(existsSync(cacheFile) ? JSON.parse(readFileSync(cacheFile, 'utf8')) : {}), ...cache }));
const table = [...rows].map(([k, r]) => [k, +((100 * r.same) / r.n).toFixed(1)] as const);
for (const [k, a] of table) if (a < 99.5) console.log(`LOW ${k} ${a}`);
console.log(`rows >= 99.5%: ${table.filter(([, a]) => a >= 99.5).length} of ${table.length}; works missed ${missed}, found only through the registry ${extra}; query keys ${(queryKeyCount / queries).toFixed(1)}; copies fetching nothing ${noCandidate}`);
if (process.env.DIST) {
  const ds = JSON.parse(readFileSync(`${DIR}/distractors.json`, 'utf8')) as { label: string; q: Query }[];
  const stored = new Set([...keysOf.values()].flatMap((x) => [...x]));
  let [none, met, count] = [0, 0, 0];
  for (const d of ds) {
    const qk = keysFor(d.q);
    const hit = qk.filter((k) => stored.has(k)).length;
    [none, met, count] = [none + (hit ? 0 : 1), met + hit, count + qk.length];
  }
  console.log(`unrelated images ${ds.length}: no shared key ${((100 * none) / ds.length).toFixed(1)}%, stored keys met per image ${(met / ds.length).toFixed(3)}, query keys ${(count / ds.length).toFixed(1)}`);
}
