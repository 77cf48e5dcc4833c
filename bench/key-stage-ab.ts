/**
 * The detail-key index against the key scan it replaces from 4,096 works, in one process on the same data and
 * queries (bench:index's random registry, 200 queries, half hits): the key stage alone, then the whole lookup's
 * prepare and finish, CPU time per lookup, three interleaved rounds. `N=1000000 npx tsx bench/key-stage-ab.ts`.
 */
import { HASH_WORDS, wordsToHex } from '../src/lib/match/hash/bits.js';
import type { Query } from '../src/lib/match/hash/query.js';
import { Matcher } from '../src/lib/match/matcher.js';
import { KeyStage } from '../src/lib/match/indexing/key-stage.js';
import { detailQuery, KEY_MAX } from '../src/lib/match/detail/detail-verify.js';
import { scanKeys } from '../src/lib/match/detail/key-scan.js';
import { dataset, DETAIL_BYTES, MODEL, perturb, queryDetail, rnd, thumbnail, word } from './lib/index-dataset.js';
const n = Number(process.env.N ?? 1000000);
const data = dataset(n, false);
const a = new Matcher({ creators: [], models: [MODEL] }, data.packed);
const b = new Matcher({ creators: [], models: [MODEL] }, a.packed);
(b as { keys: KeyStage }).keys = new KeyStage(a.packed, Infinity);
const full: Query[] = [];
for (let i = 0; i < 200; i++) {
  const q = new Uint32Array(HASH_WORDS); let thumb: Uint8Array;
  if (i % 2) { const fp = Math.floor(rnd() * n); perturb(data.packed.hashes, fp * HASH_WORDS, q, 0, Math.floor(rnd() * 25)); const w = a.index.owner(fp).work; thumb = data.thumbs.subarray(w * DETAIL_BYTES, (w + 1) * DETAIL_BYTES); }
  else { for (let k = 0; k < HASH_WORDS; k++) q[k] = word(); thumb = thumbnail(undefined, 0).thumb; }
  full.push({ fingerprint: wordsToHex(q), quality: 100, detail: queryDetail(thumb) });
}
const thumbAt = (w: number) => data.thumbs.subarray(w * DETAIL_BYTES, (w + 1) * DETAIL_BYTES);
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
a.finish(a.prepare(full[0]!), thumbAt); b.finish(b.prepare(full[0]!), thumbAt);
for (let round = 0; round < 3; round++) for (const [name, m] of [['index', a], ['scan', b]] as const) {
  let tp = 0, tf = 0;
  for (const q of full) { let c = cpu(); const p = m.prepare(q); tp += cpu() - c; c = cpu(); m.finish(p, thumbAt); tf += cpu() - c; }
  console.log(`round ${round} ${name}: cpu per lookup prepare ${(tp / full.length).toFixed(3)} ms, finish ${(tf / full.length).toFixed(3)} ms, whole ${((tp + tf) / full.length).toFixed(3)} ms`);
}
const works = a.packed.workIds.length;
const dqs = full.map((q) => detailQuery(Buffer.from(q.detail!, 'base64url')));
for (let round = 0; round < 3; round++) {
  let c = cpu();
  for (const dq of dqs) scanKeys(dq.keys, a.packed.detailKeys, works, KEY_MAX);
  const scanMs = (cpu() - c) / dqs.length;
  c = cpu();
  for (const dq of dqs) a.keys.candidates(dq.keys);
  const indexMs = (cpu() - c) / dqs.length;
  console.log(`round ${round} key stage: scan ${scanMs.toFixed(3)} ms, index ${indexMs.toFixed(3)} ms cpu per query, ${(scanMs / indexMs).toFixed(1)}x`);
}
