/**
 * `npm run bench:registry`, part 1: verdicts through a registry against the same works in a local list, on the
 * robustness benchmark's altered copies and distractors (recorded by bench/robustness-record.ts into
 * BENCH_REPLAY_DIR; without them this part is skipped with a message, or fails under CI=true). Also the requests
 * per image and the verdict latency with SIM_LATENCY_MS (default 50) added per request round trip.
 */
import { existsSync, readFileSync } from 'node:fs';
import { generateKeyPair, signList, type ListDraft } from '../src/lib/list/index.js';
import { Matcher, type Query } from '../src/lib/match/index.js';
import { buildRegistry, loadSummary, lookupQuery } from '../src/lib/registry/index.js';
import type { Work } from '../src/lib/types.js';

const DIR = process.env.BENCH_REPLAY_DIR ?? '/tmp/license-lens-replay';
const LATENCY = Number(process.env.SIM_LATENCY_MS ?? 50);

export async function agreement() {
  if (!existsSync(`${DIR}/works.json`)) {
    const msg = `registry agreement skipped: no recorded robustness queries in ${DIR} (run: BENCH_REPLAY_DIR=${DIR} npx tsx bench/robustness-record.ts)`;
    if (process.env.CI === 'true') throw new Error(msg);
    console.log(msg);
    return null;
  }
  const { works, variants } = JSON.parse(readFileSync(`${DIR}/works.json`, 'utf8')) as { works: (Work & { set: string })[]; variants: { name: string; id: string; set: string; q: Query }[] };
  const distractors: { label: string; q: Query }[] = existsSync(`${DIR}/distractors.json`) ? JSON.parse(readFileSync(`${DIR}/distractors.json`, 'utf8')) : [];
  const license = { personalUse: true, commercialUse: 'forbidden' as const, attributionRequired: false, derivativesAllowed: false };
  const idOf = new Map(works.map((w, i) => [w.id, `w${i}`]));
  const draft: ListDraft = {
    format: 'license-lens/list', formatVersion: 1, id: 'bench', name: 'Bench', version: 1, updated: '2026-12-01T00:00:00Z',
    publisher: { name: 'Bench' },
    models: [{ id: 'm', name: 'M', license, licensees: [] }],
    works: works.map((w) => ({ id: idOf.get(w.id)!, model: 'm', fingerprints: w.fingerprints, ...(w.detail ? { detail: w.detail } : {}) })),
  };
  const key = await generateKeyPair();
  const list = await signList(draft, key);
  const files = new Map<string, Uint8Array>();
  const { manifest } = await buildRegistry([{ source: 'bench', text: JSON.stringify(list) }], { name: 'bench', key, created: new Date(0), ...(process.env.REGISTRY_PLAN ? { plan: JSON.parse(process.env.REGISTRY_PLAN) } : {}) }, async (p, b) => void files.set(p, b));
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  const get = async (p: string) => {
    if (LATENCY) await sleep(LATENCY);
    return files.get(p)!;
  };
  const summary = await loadSummary(manifest, async (p) => files.get(p)!);
  const local = new Matcher({ creators: [{ id: 'c', source: 'own', name: 'B' }], models: [{ id: 'm', source: 'own', creatorId: 'c', name: 'M', license, licensees: [] }], works: works.map((w) => ({ ...w, id: idOf.get(w.id)! })) });
  const localIds = (q: Query) => new Set([...local.nearest(q).keys()].map((w) => local.packed.workIds[w]!));
  const viaRegistry = async (q: Query) => {
    const t = performance.now();
    const { content, requests } = await lookupQuery(manifest, 'b', summary, q, get);
    const ids = content.works.length ? new Matcher(content) : null;
    const found = ids ? new Set([...ids.nearest(q).keys()].map((w) => ids.packed.workIds[w]!.replace('registry:b/0/', ''))) : new Set<string>();
    return { found, requests: requests.length, ms: performance.now() - t };
  };
  const rows = new Map<string, { n: number; same: number; localHits: number; extra: number; requests: number }>();
  const latencies: number[] = [];
  for (const v of variants) {
    const key = `${v.set === 'portraits' ? '[p] ' : ''}${v.name}`;
    const r = rows.get(key) ?? { n: 0, same: 0, localHits: 0, extra: 0, requests: 0 };
    rows.set(key, r);
    const want = localIds(v.q);
    const got = await viaRegistry(v.q);
    r.n++;
    r.requests += got.requests;
    if (want.has(idOf.get(v.id)!)) {
      r.localHits++;
      latencies.push(got.ms);
    }
    if (want.size === got.found.size && [...want].every((x) => got.found.has(x))) r.same++;
    r.extra += [...got.found].filter((x) => !want.has(x)).length;
  }
  let unmatchedNoRequest = 0;
  let falseViaRegistry = 0;
  let distractorRequests = 0;
  for (const d of distractors) {
    const got = await viaRegistry(d.q);
    if (!got.requests) unmatchedNoRequest++;
    distractorRequests += got.requests;
    falseViaRegistry += [...got.found].filter((x) => !localIds(d.q).has(x)).length;
  }
  latencies.sort((a, b) => a - b);
  const table = [...rows].map(([name, r]) => ({ transformation: name, n: r.n, agreement: +((100 * r.same) / r.n).toFixed(1), localRecall: +((100 * r.localHits) / r.n).toFixed(1), extraMatches: r.extra, requestsPerImage: +(r.requests / r.n).toFixed(2) }));
  return {
    works: works.length,
    fingerprintsPerWork: +(manifest.counts.fingerprints / works.length).toFixed(2),
    table,
    minAgreement: Math.min(...table.map((t) => t.agreement)),
    distractors: distractors.length,
    distractorNoRequestPct: distractors.length ? +((100 * unmatchedNoRequest) / distractors.length).toFixed(1) : null,
    distractorRequestsPerImage: distractors.length ? +(distractorRequests / distractors.length).toFixed(3) : null,
    extraFalseMatchesViaRegistry: falseViaRegistry,
    simulatedLatencyMs: LATENCY,
    matchedVerdictMs: { median: +(latencies[latencies.length >> 1] ?? 0).toFixed(0), p90: +(latencies[Math.floor(latencies.length * 0.9)] ?? 0).toFixed(0) },
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await agreement();
  if (r) {
    console.table(r.table);
    console.log(JSON.stringify({ ...r, table: undefined }, null, 1));
  }
}
