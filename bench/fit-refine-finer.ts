/**
 * `npx tsx bench/fit-refine-finer.ts` (after bench/fit-refine-record.ts): would a finer stored thumbnail help? Measured only: the fine fit framing (fit-refine.ts's model: 4x4 samples a query
 * cell, zooms FIT_ZOOMS, angles ±2 and ±5) scored from a 32x32, 48x48 or 64x64 thumbnail made from the source, for
 * every registered work's ±5° cropped-to-fit copy (own work, both turns) and for every recorded distractor pair
 * whose 32x32 rotated fit framing (detail-rotate.ts) scores 0.5 or more (the pairs that come near at all).
 */
import { readFileSync } from 'node:fs';
import sharp from 'sharp';
import { queryOf, type Query } from '../src/lib/match/hash/query.js';
import { workFingerprints } from '../src/lib/match/hash/work-fingerprints.js';
import { detailQueryOf } from '../src/lib/match/detail/detail-verify.js';
import { rotatedGrids, rotatedScore } from '../src/lib/match/detail/rotate/detail-rotate.js';
import { FIT_ZOOMS } from '../src/lib/match/detail/rotate/fit-refine.js';
import { pageAspectOf } from '../src/lib/match/detail/detail-geometry.js';
import { fromBase64url } from '../src/lib/base64url.js';
import { lumaThumb } from '../src/lib/match/detail/luma-thumb.js';
import { reduceForHash } from '../src/lib/match/hash/fingerprint.js';
import { MIN_QUALITY } from '../src/lib/match/hash/quality.js';
import { decodeForHash, decodeFull, imageSizeOf } from '../src/node/decode.js';
import { GEOMETRY_VARIANTS } from './lib/geometry-variants.js';
import { corpusSets, WORKS_DIR } from './lib/corpus-sets.js';
import { fitModelScore } from './lib/fit-model.js';

const SIDES = [32, 48, 64] as const;
/** Best fine fit score each way: [turned +, turned -]. */
function fine(luma: Float32Array, t: Uint8Array, M: number, aspect: number): [number, number] {
  const best = (sign: number) => Math.max(...[2, 5].flatMap((a) => FIT_ZOOMS.map((z) => fitModelScore(luma, t, M, aspect, sign * a, z))));
  return [best(1), best(-1)];
}
const { registered, portraits } = await corpusSets(24);
const items: { id: string; t: Record<number, Uint8Array> }[] = [];
for (const [id, bytes] of [...registered.map((f) => [f, null] as const), ...portraits.map((p) => [p.id, p.bytes] as const)]) {
  const px = await decodeFull(bytes ?? (await sharp(WORKS_DIR + id).toBuffer()));
  const red = reduceForHash(px);
  items.push({ id, t: { 32: fromBase64url(workFingerprints(px).detail), 48: lumaThumb(red, 48), 64: lumaThumb(red, 64) } });
}
const v = GEOMETRY_VARIANTS.find((x) => x.name === 'rotate ±5° cropped to fit')!;
const lows: Record<number, { s: number; id: string }[]> = { 32: [], 48: [], 64: [] };
for (const [i, f] of registered.entries()) {
  const src = await sharp(WORKS_DIR + f).toBuffer(); const { width, height } = await sharp(src).metadata();
  const bytes = await v.make(src, width!, height!, i);
  const q = queryOf(await decodeForHash(bytes), await imageSizeOf(bytes));
  const luma = detailQueryOf(q.detail!)!.luma; const aspect = pageAspectOf(q.size)!; const own = i % 2 ? 1 : 0;
  const row = SIDES.map((M) => { const s = fine(luma, items[i]!.t[M]!, M, aspect); lows[M]!.push({ s: s[own]!, id: f }); return `${M}: ${s[own]!.toFixed(3)} (other way ${s[1 - own]!.toFixed(3)})`; });
  if (/w0063|w0112|w0116|w0079|w0069|w0002/.test(f)) console.log('copy', f, row.join(' | '));
}
for (const M of SIDES) console.log(`copies, M${M}: lowest own-turn fine fit scores`, lows[M]!.sort((a, b) => a.s - b.s).slice(0, 5).map((x) => `${x.id} ${x.s.toFixed(3)}`).join(', '));
const top: Record<number, { s: number; gap: number; label: string }[]> = { 32: [], 48: [], 64: [] };
let near = 0;
for (const line of readFileSync(process.env.IN ?? '/tmp/fit-refine-distractors.jsonl', 'utf8').split('\n')) {
  const { label, q } = JSON.parse(line) as { label: string; q: Query };
  const aspect = pageAspectOf(q.size);
  const dq = q.detail && q.quality >= MIN_QUALITY ? detailQueryOf(q.detail) : null;
  if (!dq || aspect === undefined) continue;
  const fits = rotatedGrids(aspect).filter((g) => g.framing === 'fit');
  for (const it of items) {
    if (Math.max(...fits.map((g) => rotatedScore(dq.luma, it.t[32]!, g) ?? -1)) < 0.5) continue;
    near++;
    for (const M of SIDES) { const [p, n] = fine(dq.luma, it.t[M]!, M, aspect); top[M]!.push({ s: Math.max(p, n), gap: Math.abs(p - n), label: `${label} -> ${it.id}` }); }
  }
}
console.log(`distractor pairs with a 32x32 fit framing >= 0.5: ${near}`);
for (const M of SIDES) {
  const t = top[M]!.sort((a, b) => b.s - a.s);
  console.log(`M${M}: highest fine fit ${t.slice(0, 3).map((x) => `${x.s.toFixed(3)} (gap ${x.gap.toFixed(3)}) ${x.label}`).join('; ')}; highest with a one-way gap >= 0.1: ${t.filter((x) => x.gap >= 0.1).slice(0, 2).map((x) => `${x.s.toFixed(3)} ${x.label}`).join('; ')}`);
}
