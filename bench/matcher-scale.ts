/**
 * The whole matcher lookup at registry sizes bench:index cannot reach on this machine (its linear scans, load
 * repeats and fake-indexeddb works store would take hours at 10M): `N=10000000 npx tsx bench/matcher-scale.ts`.
 * Random fingerprints and thumbnails from bench/lib/index-dataset.ts, 200 queries (half hits), the thumbnails from
 * memory; prints the whole lookup (wall median and CPU mean), prepare, the index lookup at radius 20 and the key
 * scan, and the matcher's key stage (the key index at this size). A sizing probe for docs/benchmarks-history.md, not a speed claim (no baseline in the run).
 */
import { HASH_WORDS, hexToWords, wordsToHex } from '../src/lib/match/hash/bits.js';
import type { Query } from '../src/lib/match/hash/query.js';
import { Matcher } from '../src/lib/match/matcher.js';
import { detailQuery, KEY_MAX } from '../src/lib/match/detail/detail-verify.js';
import { scanKeys } from '../src/lib/match/detail/key-scan.js';
import { dataset, DETAIL_BYTES, MODEL, perturb, queryDetail, rnd, thumbnail, word } from './lib/index-dataset.js';
const n = Number(process.env.N ?? 10000000);
let t = performance.now();
const data = dataset(n, false);
console.log('dataset ms', (performance.now() - t).toFixed(0));
t = performance.now();
const matcher = new Matcher({ creators: [], models: [MODEL] }, data.packed);
console.log('build ms', (performance.now() - t).toFixed(0));
const index = matcher.index;
const full: Query[] = [];
for (let i = 0; i < 200; i++) {
  const q = new Uint32Array(HASH_WORDS);
  let thumb: Uint8Array;
  if (i % 2) { const fp = Math.floor(rnd() * n); perturb(data.packed.hashes, fp * HASH_WORDS, q, 0, Math.floor(rnd() * 25)); const w = index.owner(fp).work; thumb = data.thumbs.subarray(w * DETAIL_BYTES, (w + 1) * DETAIL_BYTES); }
  else { for (let k = 0; k < HASH_WORDS; k++) q[k] = word(); thumb = thumbnail(undefined, 0).thumb; }
  full.push({ fingerprint: wordsToHex(q), quality: 100, detail: queryDetail(thumb) });
}
const thumbAt = (w: number) => data.thumbs.subarray(w * DETAIL_BYTES, (w + 1) * DETAIL_BYTES);
const med = (a: number[]) => [...a].sort((x, y) => x - y)[a.length >> 1]!.toFixed(3);
for (const q of full.slice(0, 20)) matcher.finish(matcher.prepare(q), thumbAt);
const whole: number[] = [], prep: number[] = [], idx: number[] = [], keys: number[] = [];
let hitsMatched = 0, cands = 0;
const c = process.cpuUsage();
full.forEach((q, i) => {
  const s = performance.now(); const p = matcher.prepare(q); prep.push(performance.now() - s); const f = matcher.finish(p, thumbAt); whole.push(performance.now() - s);
  if (i % 2 && f.size) hitsMatched++;
});
const u = process.cpuUsage(c);
for (const q of full) { const s = performance.now(); index.search(hexToWords(q.fingerprint), 20); idx.push(performance.now() - s); }
for (const q of full.slice(0, 50)) { const dq = detailQuery(Buffer.from(q.detail!, 'base64url')); const s = performance.now(); cands += scanKeys(dq.keys, data.packed.detailKeys, data.packed.workIds.length, KEY_MAX).size; keys.push(performance.now() - s); }
const staged: number[] = [];
for (const q of full.slice(0, 50)) { const dq = detailQuery(Buffer.from(q.detail!, 'base64url')); const s = performance.now(); matcher.keys.candidates(dq.keys); staged.push(performance.now() - s); }
console.log(`n ${n} whole median ${med(whole)} (cpu mean ${((u.user + u.system) / 1000 / full.length).toFixed(3)}) prepare ${med(prep)} index lookup r=20 ${med(idx)} key scan ${med(keys)} (${(cands / 50).toFixed(1)} key candidates), matcher's key stage (${matcher.keys.indexed ? 'key index' : 'scan'}) ${med(staged)} hits matched ${hitsMatched / 100}`);
