/**
 * Every distractor of bench:robustness against every registered image (no candidate selection): the best redraw
 * scores (detail-redraw.ts) keeping REDRAW_THIN_KEPT and a twentieth of the work's energy, with the second-difference
 * correlation outside the same rectangle. For the sliver rule of detail-stage.ts.
 */
import sharp from 'sharp';
import { queryOf } from '../src/lib/match/hash/query.js';
import { workFingerprints } from '../src/lib/match/hash/work-fingerprints.js';
import { MIN_QUALITY } from '../src/lib/match/hash/quality.js';
import { detailQueryOf } from '../src/lib/match/detail/detail-verify.js';
import { curvatureOutside, redrawScores } from '../src/lib/match/detail/detail-redraw.js';
import { redrawBelow } from '../src/lib/match/detail/redraw-bound.js';
import { fromBase64url } from '../src/lib/base64url.js';
import { decodeForHash, decodeFull, imageSizeOf } from '../src/node/decode.js';
import { corpusSets, unrelatedImages, WORKS_DIR } from './lib/corpus-sets.js';

const KEPT = [0.1, 0.05];
const { registered, portraits, unrelated } = await corpusSets(24);
const ids: string[] = [];
const thumbs: Uint8Array[] = [];
for (const [id, bytes] of [...registered.map((f) => [f, null] as const), ...portraits.map((p) => [p.id, p.bytes] as const)]) {
  const px = await decodeFull(bytes ?? (await sharp(WORKS_DIR + id).toBuffer()));
  ids.push(id);
  thumbs.push(fromBase64url(workFingerprints(px).detail));
}
const top = KEPT.map(() => [] as { s: number; c: number; pair: string }[]);
let pairs = 0;
let scored = 0;
const check = async (label: string, bytes: Buffer) => {
  const q = queryOf(await decodeForHash(bytes), await imageSizeOf(bytes));
  const dq = q.detail && q.quality >= MIN_QUALITY ? detailQueryOf(q.detail) : null;
  if (!dq) return;
  thumbs.forEach((thumb, w) => {
    pairs++;
    if (redrawBelow(dq.luma, thumb, 0.9)) return;
    scored++;
    redrawScores(dq.luma, thumb, KEPT).forEach((r, k) => {
      if (r.score < 0.9) return;
      top[k]!.push({ s: r.score, c: curvatureOutside(dq.luma, thumb, r.rect), pair: `${label} -> ${ids[w]} [${r.rect}] kept ${r.kept.toFixed(3)}` });
    });
  });
};
for await (const { label, bytes } of unrelatedImages(unrelated)) await check(label, bytes);
console.log(`${pairs} pairs with detail, ${scored} not bounded below 0.9`);
KEPT.forEach((k, i) => {
  const l = top[i]!;
  console.log(`kept ${k}: ${l.length} pairs at 0.9+; best by min(score, curvature):`);
  for (const x of [...l].sort((a, b) => Math.min(b.s, b.c) - Math.min(a.s, a.c)).slice(0, 8)) console.log(`  ${x.s.toFixed(3)} / ${x.c.toFixed(3)} ${x.pair}`);
  console.log(`  best by score: ${[...l].sort((a, b) => b.s - a.s).slice(0, 4).map((x) => `${x.s.toFixed(3)}/${x.c.toFixed(3)} ${x.pair}`).join('; ')}`);
});
