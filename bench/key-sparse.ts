/**
 * Sparse keys (a plain image's: too few reliable bits to probe two key-index tables) in a large registry: W random
 * works and P plain ones (a flat fill or gentle gradient with one small blob of detail) spread among them; each plain
 * work's copy (recompressed) is looked up with the fallback scan and with the budgeted probes (key-index.ts
 * SPARSE_PROBES): how often the copy is among its key candidates' 12 nearest (what the detail stage verifies), how
 * many of the scan's 12 nearest the probes find, candidates and CPU. `W=370000 npx tsx bench/key-sparse.ts`.
 */
import { detailKey, grid8, KEY_WORDS } from '../src/lib/match/detail/detail-key.js';
import { detailQuery, KEY_MAX } from '../src/lib/match/detail/detail-verify.js';
import { scanKeys } from '../src/lib/match/detail/key-scan.js';
import { KeyIndex } from '../src/lib/match/indexing/key-index.js';
import { DETAIL_SIDE } from '../src/lib/match/detail/luma-thumb.js';
import { fromBase64url } from '../src/lib/base64url.js';
import { queryDetail, rnd, thumbnail, DETAIL_BYTES } from './lib/index-dataset.js';
const W = Number(process.env.W ?? 370000), P = Number(process.env.P ?? 400);
const works = W + P;
const keys = new Uint32Array(works * 2 * KEY_WORDS);
for (let w = 0; w < works; w++) detailKey(grid8(thumbnail(undefined, 0).thumb, DETAIL_SIDE), keys, w * 2 * KEY_WORDS);
const at = (i: number) => Math.floor(((i + 0.5) * works) / P);
/** A plain thumbnail: a flat fill or gentle gradient with one small blob of detail. */
function plain(): Uint8Array {
  const t = new Uint8Array(DETAIL_BYTES);
  const v = 40 + Math.floor(rnd() * 170), gx = (rnd() - 0.5) * 0.6, gy = (rnd() - 0.5) * 0.6;
  const bs = 1 + Math.floor(rnd() * 3), bx = Math.floor(rnd() * (8 - bs)), by = Math.floor(rnd() * (8 - bs));
  const cells = Array.from({ length: bs * bs }, () => Math.floor((rnd() - 0.5) * 160));
  for (let y = 0; y < DETAIL_SIDE; y++) for (let x = 0; x < DETAIL_SIDE; x++) {
    const cx = x >> 2, cy = y >> 2;
    const blob = cx >= bx && cx < bx + bs && cy >= by && cy < by + bs ? cells[(cy - by) * bs + cx - bx]! : 0;
    t[y * DETAIL_SIDE + x] = Math.max(0, Math.min(255, Math.round(v + gx * x + gy * y + blob + (rnd() - 0.5) * 6)));
  }
  return t;
}
const thumbs: Uint8Array[] = [];
for (let i = 0; i < P; i++) { const t = plain(); thumbs.push(t); detailKey(grid8(t, DETAIL_SIDE), keys, at(i) * 2 * KEY_WORDS); }
const scanIdx = new KeyIndex(keys, works, Infinity);
const probeIdx = new KeyIndex(keys, works, 0);
const scan = (k: Uint32Array) => scanKeys([k], keys, works, KEY_MAX);
let sparseQ = 0, foundScan = 0, foundProbe = 0, top12Scan = 0, top12Probe = 0, scanned = 0, tScan = 0, tProbe = 0, sizeScan = 0, sizeProbe = 0;
const c0 = probeIdx.compared;
for (let i = 0; i < P; i++) {
  const dq = detailQuery(fromBase64url(queryDetail(thumbs[i]!)));
  let s = process.cpuUsage();
  let fell = 0;
  const a = scanIdx.near(dq.keys, KEY_MAX, (k) => (fell++, scan(k)));
  let u = process.cpuUsage(s); tScan += (u.user + u.system) / 1000;
  s = process.cpuUsage();
  const b = probeIdx.near(dq.keys, KEY_MAX, scan);
  u = process.cpuUsage(s); tProbe += (u.user + u.system) / 1000;
  if (!fell) continue;
  sparseQ++; scanned += fell;
  sizeScan += a.size; sizeProbe += b.size;
  const in12 = (m: Map<number, number>) => [...m].sort((x, y) => x[1] - y[1]).slice(0, 12).some(([w]) => w === at(i));
  if (in12(a)) foundScan++;
  if (in12(b)) foundProbe++;
  const near12 = [...a].sort((x, y) => x[1] - y[1]).slice(0, 12);
  top12Scan += near12.length; top12Probe += near12.filter(([w]) => b.has(w)).length;
}
console.log(JSON.stringify({ works, plainQueries: P, sparseQueries: sparseQ, sparseKeysPerSparseQuery: +(scanned / sparseQ).toFixed(2), copyAmong12Nearest: { scan: foundScan, budgeted: foundProbe }, scans12NearestFound: `${top12Probe} of ${top12Scan}`, candidatesMean: { scan: +(sizeScan / sparseQ).toFixed(1), budgeted: +(sizeProbe / sparseQ).toFixed(1) }, comparedPerQuery: (probeIdx.compared - c0) / P, cpuMsPerQuery: { scan: +(tScan / P).toFixed(3), budgeted: +(tProbe / P).toFixed(3) } }));
