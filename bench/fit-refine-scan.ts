/**
 * `FROM=0.5 npx tsx bench/fit-refine-scan.ts` (after bench/fit-refine-record.ts): every recorded distractor against every registered item of
 * bench:robustness: the rotated verdict of the page's aspect as main scores it, and with the fine fit framings
 * (fit-refine.ts, refined from a fit framing scoring FROM, default FIT_REFINE_FROM): how many pairs are refined,
 * the highest fine scores, and any pair that passes only refined ("NEW PASS").
 */
import { readFileSync } from 'node:fs';
import sharp from 'sharp';
import { workFingerprints } from '../src/lib/match/hash/work-fingerprints.js';
import { detailQueryOf } from '../src/lib/match/detail/detail-verify.js';
import { ROTATED_HASH_MIN, ROTATED_MIN, rotatedGrids, rotatedPasses, rotatedScore, verifyRotated } from '../src/lib/match/detail/rotate/detail-rotate.js';
import { FIT_REFINE_FROM, refinedFitScore, withRefinedFit } from '../src/lib/match/detail/rotate/fit-refine.js';

const FROM = Number(process.env.FROM ?? FIT_REFINE_FROM);

import { pageAspectOf, ROTATED_NEAR_MISS } from '../src/lib/match/detail/detail-geometry.js';
import { fromBase64url } from '../src/lib/base64url.js';
import { MIN_QUALITY } from '../src/lib/match/hash/quality.js';
import { decodeFull } from '../src/node/decode.js';
import { corpusSets, WORKS_DIR } from './lib/corpus-sets.js';
import type { Query } from '../src/lib/match/hash/query.js';

const { registered, portraits } = await corpusSets(24);
const items: { id: string; thumb: Uint8Array }[] = [];
for (const f of registered) items.push({ id: f, thumb: fromBase64url(workFingerprints(await decodeFull(await sharp(WORKS_DIR + f).toBuffer())).detail) });
for (const p of portraits) items.push({ id: p.id, thumb: fromBase64url(workFingerprints(await decodeFull(p.bytes)).detail) });
const lines = readFileSync(process.env.IN ?? '/tmp/fit-refine-distractors.jsonl', 'utf8').split('\n');
let pairs = 0, refined = 0, newPass = 0, newPassHash = 0, images = 0;
const top: { s: number; opp: number; coarse: number; fit: number; fine: number; label: string }[] = [];
for (const line of lines) {
  const { label, q } = JSON.parse(line) as { label: string; q: Query };
  const aspect = pageAspectOf(q.size);
  const dq = q.detail && q.quality >= MIN_QUALITY ? detailQueryOf(q.detail) : null;
  if (!dq || aspect === undefined) continue;
  images++;
  for (const it of items) {
    pairs++;
    let v = verifyRotated(dq.luma, it.thumb, aspect);
    for (const min of [ROTATED_MIN]) if (v.score < min && v.score >= min - ROTATED_NEAR_MISS) { const e = verifyRotated(dq.luma, it.thumb); if (e.score > v.score) v = e; }
    const coarseFit = Math.max(...rotatedGrids(aspect).filter((g) => g.framing === 'fit').map((g) => rotatedScore(dq.luma, it.thumb, g) ?? -1));
    const r = withRefinedFit(dq.luma, it.thumb, aspect, v, coarseFit, FROM);
    if (r === v) continue;
    refined++;
    if (rotatedPasses(r, ROTATED_MIN) && !rotatedPasses(v, ROTATED_MIN)) { newPass++; console.log('NEW PASS', label, it.id, r); }
    if (rotatedPasses(r, ROTATED_HASH_MIN) && !rotatedPasses(v, ROTATED_HASH_MIN)) newPassHash++;
    const fine = Math.max(...rotatedGrids(aspect).filter((g) => g.framing === 'fit').map((g) => refinedFitScore(dq.luma, it.thumb, aspect, g.angle)));
    top.push({ s: r.score, opp: r.opposite, coarse: v.score, fit: coarseFit, fine, label: `${label} -> ${it.id} at ${r.angle}` });
  }
}
top.sort((a, b) => b.s - a.s);
console.log(`images ${images} pairs ${pairs} refined ${refined} new passes at ROTATED_MIN ${newPass}, at ROTATED_HASH_MIN ${newPassHash}`);
for (const t of top.slice(0, 15)) console.log(t.s.toFixed(3), `opp ${t.opp.toFixed(3)} gap ${(t.s - t.opp).toFixed(3)} coarse ${t.coarse.toFixed(3)} coarse fit ${t.fit.toFixed(3)} fine fit ${t.fine.toFixed(3)}`, t.label);
const byFine = [...top].sort((a, b) => b.fine - a.fine);
console.log('highest fine fit scores:'); for (const t of byFine.slice(0, 10)) console.log(t.fine.toFixed(3), `coarse fit ${t.fit.toFixed(3)} verdict ${t.s.toFixed(3)} opp ${t.opp.toFixed(3)}`, t.label);
for (const f of [0.5, 0.6, 0.7, 0.77]) console.log(`pairs with a coarse fit framing >= ${f}: ${top.filter((t) => t.fit >= f).length}`);
const oneWay = top.filter((t) => t.s - t.opp >= 0.1).slice(0, 5);
console.log('highest with the one-way gap:'); for (const t of oneWay) console.log(t.s.toFixed(3), `opp ${t.opp.toFixed(3)}`, t.label);
