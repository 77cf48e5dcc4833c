/**
 * The key index (key-index.ts) at a 1M-fingerprint registry's size on real copies: the robustness benchmark's
 * recorded copies (`bench/robustness-record.ts`, BENCH_REPLAY_DIR) looked up by their query keys (as is, mirrored, and
 * inside uniform borders) among W random works' keys (37,000: about 1M fingerprints) plus the recorded works, this
 * tree's KeyIndex against a baseline worktree's: how many copies the key scan finds within KEY_MAX that the index
 * finds, among its 12 nearest key candidates (what the detail stage verifies first), buckets probed, keys compared and
 * CPU a query; and each copy the index misses that no hash or word probe makes a candidate either (prepare.ts, on the
 * recorded works alone).
 * `BENCH_REPLAY_DIR=<dir> BENCH_BASELINE=<worktree> npx tsx bench/key-index-recall.ts`
 */
import { readFileSync } from 'node:fs';
import { Matcher } from '../src/lib/match/matcher.js';
import { detailKey, grid8, KEY_WORDS } from '../src/lib/match/detail/detail-key.js';
import { detailQueryOf, KEY_MAX } from '../src/lib/match/detail/detail-verify.js';
import { scanKeys } from '../src/lib/match/detail/key-scan.js';
import { KeyIndex } from '../src/lib/match/indexing/key-index.js';
import { DETAIL_SIDE } from '../src/lib/match/detail/luma-thumb.js';
import type { Query } from '../src/lib/match/hash/query.js';
import { thumbnail } from './lib/index-dataset.js';

const DIR = process.env.BENCH_REPLAY_DIR ?? '/tmp/license-lens-replay';
const W = Number(process.env.W ?? 37000);
const { works, variants } = JSON.parse(readFileSync(`${DIR}/works.json`, 'utf8')) as { works: unknown[]; variants: { name: string; id: string; set: string; q: Query }[] };
const content = { creators: [{ id: 'c', source: 'own', name: 'B' }], models: [{ id: 'm', source: 'own', creatorId: 'c', name: 'M', license: { personalUse: true, commercialUse: 'forbidden', attributionRequired: false, derivativesAllowed: false }, licensees: [] }], works };
const m = new Matcher(content as never);
const R = m.packed.workIds.length;
const all = R + W;
const keys = new Uint32Array(all * 2 * KEY_WORDS);
keys.set(m.packed.detailKeys.subarray(0, R * 2 * KEY_WORDS));
for (let w = R; w < all; w++) detailKey(grid8(thumbnail(undefined, 0).thumb, DETAIL_SIDE), keys, w * 2 * KEY_WORDS);
const arms: [string, KeyIndex][] = [['this', new KeyIndex(keys, all)]];
if (process.env.BENCH_BASELINE) {
  const Base = ((await import(`${process.env.BENCH_BASELINE}/src/lib/match/indexing/key-index.ts`)) as { KeyIndex: typeof KeyIndex }).KeyIndex;
  arms.unshift(['baseline', new Base(keys, all)]);
}
const scan = (k: Uint32Array) => scanKeys([k], keys, all, KEY_MAX);
const in12 = (found: Map<number, number>, w: number) => [...found].sort((a, b) => a[1] - b[1]).slice(0, 12).some(([v]) => v === w);
/** Whether a hash probe or word lookup makes the work a candidate anyway. */
const otherSource = (q: Query, own: number) => {
  const p = m.prepare(q);
  return p.best.has(own) || p.loose.has(own) || (p.words ?? []).some((c) => c.work === own) || !!p.trimmedWords?.has(own) || p.fitLoose.has(own);
};
const stats = new Map(arms.map(([name]) => [name, { found: 0, top: 0, probes: 0, compared: 0, ms: 0, lost: [] as string[] }]));
let copies = 0;
let scanTop = 0;
for (const v of variants) {
  const dq = v.q.detail ? detailQueryOf(v.q.detail) : null;
  if (!dq) continue;
  const inside = v.q.trimmed && v.q.trimmedDetail ? detailQueryOf(v.q.trimmedDetail) : null;
  const qk = inside ? [...dq.keys, ...inside.keys] : dq.keys;
  const own = m.packed.workIds.indexOf(v.id);
  const s = scanKeys(qk, keys, all, KEY_MAX);
  if (!s.has(own)) continue;
  copies++;
  if (in12(s, own)) scanTop++;
  for (const [name, idx] of arms) {
    const st = stats.get(name)!;
    const p0 = idx.probes;
    const c0 = idx.compared;
    const t = process.cpuUsage();
    const found = idx.near(qk, KEY_MAX, scan);
    const u = process.cpuUsage(t);
    st.ms += (u.user + u.system) / 1000;
    st.probes += idx.probes - p0;
    st.compared += idx.compared - c0;
    if (found.has(own)) st.found++;
    else st.lost.push(`${v.set === 'portraits' ? '[p] ' : ''}${v.name} ${v.id}${otherSource(v.q, own) ? '' : ' (no hash or word candidate)'}`);
    if (in12(found, own)) st.top++;
  }
}
console.log(`${copies} copies within KEY_MAX of their work by the scan (${scanTop} among its 12 nearest), among ${W} random works`);
for (const [name, st] of stats) {
  const alone = st.lost.filter((l) => l.endsWith('candidate)'));
  console.log(`${name}: found ${st.found}, among the 12 nearest ${st.top}; a query: ${(st.probes / copies).toFixed(0)} buckets, ${(st.compared / copies).toFixed(0)} keys compared, ${(st.ms / copies).toFixed(3)} ms CPU; missed with no hash or word candidate: ${alone.length}`);
  for (const l of alone) console.log('   ', l);
}
